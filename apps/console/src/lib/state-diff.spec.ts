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
    const rows = diffStates(
      { state: { status: 'registered', progress: 0, note: 'x' } },
      { state: { status: 'in_progress', progress: 0, ack: true } },
    );
    expect(rows).toEqual([
      { path: 'status', then: '"registered"', now: '"in_progress"', changed: true },
      { path: 'progress', then: '0', now: '0', changed: false },
      { path: 'ack', then: null, now: 'true', changed: true },
      { path: 'note', then: '"x"', now: null, changed: true },
    ]);
  });

  it('names the items of a shortened list by their index in the whole list', () => {
    expect(flattenState({ reports: [{ p: 98 }, { p: 99 }] }, '', [{ path: 'reports', total: 100, from: 98 }])).toEqual([
      { path: 'reports[98].p', value: '98' },
      { path: 'reports[99].p', value: '99' },
    ]);
  });

  it('leaves out of the rows what one answer shortened away, and marks what is new past the other', () => {
    // Then: 3 reports, all answered. Now: 6, the last 2 answered (4 and 5).
    const then = { state: { progress: 2, reports: [{ p: 0 }, { p: 1 }, { p: 2 }] } };
    const now = { state: { progress: 5, reports: [{ p: 4 }, { p: 5 }] }, shortened: [{ path: 'reports', total: 6, from: 4 }] };
    expect(diffStates(then, now)).toEqual([
      { path: 'progress', then: '2', now: '5', changed: true },
      { path: 'reports[4].p', then: null, now: '4', changed: true },
      { path: 'reports[5].p', then: null, now: '5', changed: true },
    ]);
    // The other way round (then shortened, now whole, as a list that lost items may be): now's items before
    // then's first answered are not rows.
    const shortThen = { state: { reports: [{ p: 2 }, { p: 3 }] }, shortened: [{ path: 'reports', total: 4, from: 2 }] };
    expect(diffStates(shortThen, { state: { reports: [{ p: 0 }, { p: 1 }, { p: 2 }] } })).toEqual([
      { path: 'reports[2].p', then: '2', now: '2', changed: false },
      { path: 'reports[3].p', then: '3', now: null, changed: true },
    ]);
  });
});
