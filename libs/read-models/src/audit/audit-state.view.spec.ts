import { auditStateView } from './audit-state.view.js';

describe('auditStateView', () => {
  const reports = Array.from({ length: 7 }, (_, i) => ({ percent: i, files: i === 6 ? ['a', 'b', 'c', 'd'] : [] }));

  it('keeps the last items of each longer list, at any depth, and says where each was cut', () => {
    const view = auditStateView({ title: 'T', progressReports: reports, tags: ['x', 'y', 'z'], nested: { list: [1, 2, 3, 4] } }, 3);
    expect(view.state).toEqual({
      title: 'T',
      progressReports: [reports[4], reports[5], { percent: 6, files: ['b', 'c', 'd'] }],
      tags: ['x', 'y', 'z'],
      nested: { list: [2, 3, 4] },
    });
    expect(view.shortened).toEqual([
      { path: 'progressReports', total: 7, from: 4 },
      // Named by its index in the whole list, as the events and the state now name it.
      { path: 'progressReports[6].files', total: 4, from: 1 },
      { path: 'nested.list', total: 4, from: 1 },
    ]);
  });

  it('answers the whole state when nothing is longer, or with items 0', () => {
    const state = { progressReports: reports, none: null, empty: [] };
    expect(auditStateView(state, 7)).toEqual({ state, shortened: [] });
    expect(auditStateView(state, 0)).toEqual({ state, shortened: [] });
    expect(auditStateView(null, 3)).toEqual({ state: null, shortened: [] });
  });

  it('names a state that is itself a list by the empty path', () => {
    expect(auditStateView([1, 2, 3], 1)).toEqual({ state: [3], shortened: [{ path: '', total: 3, from: 2 }] });
  });
});
