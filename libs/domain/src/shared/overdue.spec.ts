import { isActionItemOverdue } from '../meeting/meeting.state.js';
import { isMilestoneOverdue, isTaskOverdue } from '../task/task.state.js';
import { isDeadlineReached, isPastDeadline } from './time.js';

const DUE = '2026-01-01T00:00:00+08:00';
const AT_DUE = '2025-12-31T16:00:00Z';

describe('deadlines', () => {
  it('has passed only after the instant, whatever the offsets; is reached at the instant', () => {
    expect(isPastDeadline(DUE, AT_DUE)).toBe(false);
    expect(isPastDeadline(DUE, '2025-12-31T16:00:00.001Z')).toBe(true);
    expect(isPastDeadline(DUE, Date.parse(AT_DUE) + 1)).toBe(true);
    expect(isDeadlineReached(DUE, AT_DUE)).toBe(true);
    expect(isDeadlineReached(DUE, '2025-12-31T15:59:59.999Z')).toBe(false);
  });
});

describe('isMilestoneOverdue', () => {
  const open = { due: DUE, completedAt: null };
  it('is an open task’s uncompleted milestone past its due date', () => {
    expect(isMilestoneOverdue({ status: 'in_progress' }, open, AT_DUE)).toBe(false);
    expect(isMilestoneOverdue({ status: 'in_progress' }, open, '2026-01-02T00:00:00Z')).toBe(true);
    expect(isMilestoneOverdue({ status: 'submitted' }, open, '2026-01-02T00:00:00Z')).toBe(true);
  });

  it('ends with the milestone’s completion or the task’s acceptance or cancellation', () => {
    expect(isMilestoneOverdue({ status: 'in_progress' }, { due: DUE, completedAt: '2026-01-03T00:00:00Z' }, '2026-02-01T00:00:00Z')).toBe(
      false,
    );
    expect(isMilestoneOverdue({ status: 'accepted' }, open, '2026-02-01T00:00:00Z')).toBe(false);
    expect(isMilestoneOverdue({ status: 'cancelled' }, open, '2026-02-01T00:00:00Z')).toBe(false);
  });
});

describe('isActionItemOverdue', () => {
  it('is an open item past its deadline; done and cancelled items never are', () => {
    expect(isActionItemOverdue({ status: 'open', deadline: DUE }, AT_DUE)).toBe(false);
    expect(isActionItemOverdue({ status: 'open', deadline: DUE }, '2026-01-02T00:00:00Z')).toBe(true);
    expect(isActionItemOverdue({ status: 'done', deadline: DUE }, '2026-01-02T00:00:00Z')).toBe(false);
    expect(isActionItemOverdue({ status: 'cancelled', deadline: DUE }, '2026-01-02T00:00:00Z')).toBe(false);
  });

  it('agrees with the task rule on the same instants', () => {
    for (const now of ['2025-12-31T15:59:59Z', AT_DUE, '2025-12-31T16:00:01Z']) {
      expect(isActionItemOverdue({ status: 'open', deadline: DUE }, now)).toBe(isTaskOverdue({ status: 'planned', deadline: DUE }, now));
    }
  });
});
