import { diffStates, flattenState } from './state-diff.js';

describe('a state then and now', () => {
  it('opens objects and arrays into paths, keeping empty ones', () => {
    expect(flattenState({ title: '一网通办', milestones: [{ due: '2026-01-01' }], tags: [], extra: {} })).toEqual([
      { path: 'title', value: '"一网通办"' },
      { path: 'milestones[0].due', value: '"2026-01-01"' },
      { path: 'tags', value: '[]' },
      { path: 'extra', value: '{}' },
    ]);
    expect(flattenState(null)).toEqual([{ path: '∅', value: 'null' }]);
  });

  it('marks what changed, what is new and what is gone', () => {
    const rows = diffStates({ status: 'registered', progress: 0, note: 'x' }, { status: 'in_progress', progress: 0, ack: true });
    expect(rows).toEqual([
      { path: 'status', then: '"registered"', now: '"in_progress"', changed: true },
      { path: 'progress', then: '0', now: '0', changed: false },
      { path: 'ack', then: null, now: 'true', changed: true },
      { path: 'note', then: '"x"', now: null, changed: true },
    ]);
  });
});
