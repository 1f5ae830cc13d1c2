import { DEFAULT_DUE_DAY_REMINDER } from '../shared/due.js';
import type { Finding, InspectionState } from '../inspection/index.js';
import type { MatterState } from '../matter/index.js';
import type { MeetingItem, MeetingState } from '../meeting/index.js';
import type { EvaluationState } from '../evaluation/index.js';
import type { TaskState } from '../task/index.js';
import {
  acknowledgementReminderPlan,
  acknowledgementStillReminded,
  evaluationReminderPlan,
  evaluationStillReminded,
  findingReminderPlan,
  findingStillReminded,
  itemReminderPlan,
  itemStillReminded,
  matterReminderPlan,
  matterStillReminded,
  milestoneReminderPlan,
  taskDeadlineReminderPlan,
  taskStillReminded,
  unitRecipient,
  type ReminderLadder,
} from './reminder.subjects.js';

const H = 3_600_000;
const ladder: ReminderLadder = {
  offsetsMs: [24 * H, 0],
  taskOffsetsMs: [72 * H, 0],
  escalateEveryMs: 24 * H,
  escalateMax: 1,
  escalateTo: ['office-1'],
  dueDay: DEFAULT_DUE_DAY_REMINDER,
};
const deadline = '2030-01-10T00:00:00.000Z';
const who = (plan: Array<{ kind: string; recipients: string[] }>) => plan.map((r) => `${r.kind}:${r.recipients.join('+')}`);

describe('who is reminded, per subject', () => {
  it('an action item: the owner, then escalations to the owner and the reform office', () => {
    expect(who(itemReminderPlan({ itemId: 'i1', owner: 'alice', deadline, deadlineVersion: 1 }, ladder))).toEqual([
      'before:alice',
      'due:alice',
      'overdue:alice+office-1',
    ]);
  });

  it('a matter: each pending signer before the deadline, never at or after it, never escalated', () => {
    const plan = matterReminderPlan({ matterId: 'm1', deadline, awaiting: ['ann', 'ben'] }, ladder);
    expect(who(plan)).toEqual(['before:ann+ben']);
    expect(plan[0]!.key).toBe('matter_m1_v1_before_0');
  });

  it("a finding: the unit's shared inbox, then escalations to the unit and the inspector", () => {
    const plan = findingReminderPlan(
      { subjectId: 'ab12-f1', responsibleUnit: 'roads', due: deadline, extensions: 1, inspector: 'insp' },
      ladder,
    );
    expect(who(plan)).toEqual(['before:unit:roads', 'due:unit:roads', 'overdue:unit:roads+insp']);
    expect(plan.every((r) => r.key.startsWith('finding_ab12-f1_v2_'))).toBe(true);
    expect(unitRecipient('roads')).toBe('unit:roads');
  });

  it("an evaluation: the evaluator organisation's shared inbox, then escalations to it and the office user who commissioned it", () => {
    const plan = evaluationReminderPlan({ evaluationId: 'e1', evaluatorUnit: 'org-a', due: deadline, commissionedBy: 'office-7' }, ladder);
    expect(who(plan)).toEqual(['before:unit:org-a', 'due:unit:org-a', 'overdue:unit:org-a+office-7']);
    expect(plan.every((r) => r.key.startsWith('evaluation_e1_v1_'))).toBe(true);
  });
});

describe('date-only deadlines, per subject', () => {
  // "2026-12-31" given as a date: due at 23:59:59.999 Beijing time, reminded at 09:00 that day.
  const END = '2026-12-31T15:59:59.999Z';
  const NINE = '2026-12-31T01:00:00.000Z';
  const dueAt = (plan: { kind: string; at: string }[]) => plan.find((r) => r.kind === 'due')?.at;

  it('items, findings, evaluations: due reminder at the configured time that day; matters: last before-reminder a day earlier', () => {
    expect(
      dueAt(itemReminderPlan({ itemId: 'i1', owner: 'alice', deadline: END, deadlineDate: '2026-12-31', deadlineVersion: 1 }, ladder)),
    ).toBe(NINE);
    expect(
      dueAt(
        findingReminderPlan(
          { subjectId: 'f1', responsibleUnit: 'u', due: END, dueDate: '2026-12-31', extensions: 0, inspector: 'x' },
          ladder,
        ),
      ),
    ).toBe(NINE);
    expect(
      dueAt(
        evaluationReminderPlan({ evaluationId: 'e1', evaluatorUnit: 'org', due: END, dueDate: '2026-12-31', commissionedBy: 'o' }, ladder),
      ),
    ).toBe(NINE);
    expect(
      matterReminderPlan({ matterId: 'm1', deadline: END, deadlineDate: '2026-12-31', awaiting: ['a'] }, ladder).map((r) => r.at),
    ).toEqual(['2026-12-30T01:00:00.000Z']);
    expect(
      dueAt(
        itemReminderPlan(
          { itemId: 'i1', owner: 'alice', deadline: END, deadlineDate: '2026-12-31', deadlineVersion: 1 },
          { ...ladder, dueDay: { timeZone: 'Asia/Shanghai', at: '08:30' } },
        ),
      ),
    ).toBe('2026-12-31T00:30:00.000Z');
  });

  it('without a date the due reminder is at the instant', () => {
    expect(dueAt(itemReminderPlan({ itemId: 'i1', owner: 'alice', deadline: END, deadlineVersion: 1 }, ladder))).toBe(END);
  });
});

describe('who is reminded of a task', () => {
  it("its deadline: the unit's shared inbox at TASK_REMINDER_OFFSETS, then escalations to the unit, office and group lead", () => {
    const plan = taskDeadlineReminderPlan(
      { taskId: 't1', leadUnit: 'data-bureau', deadline, deadlineVersion: 2, groupLead: 'vice-mayor-li' },
      ladder,
    );
    expect(who(plan)).toEqual(['before:unit:data-bureau', 'due:unit:data-bureau', 'overdue:unit:data-bureau+office-1+vice-mayor-li']);
    expect(plan[0]!.at).toBe('2030-01-07T00:00:00.000Z');
    expect(plan.every((r) => r.key.startsWith('task_t1_v2_'))).toBe(true);
    // A group nobody registered (an older ledger) has no lead to escalate to.
    expect(
      who(taskDeadlineReminderPlan({ taskId: 't1', leadUnit: 'data-bureau', deadline, deadlineVersion: 1, groupLead: null }, ladder)).at(
        -1,
      ),
    ).toBe('overdue:unit:data-bureau+office-1');
  });

  it("a milestone: the lead unit's shared inbox before and at its due date, never escalated", () => {
    const plan = milestoneReminderPlan({ subjectId: 'ab12-m1', leadUnit: 'data-bureau', due: deadline }, ladder);
    expect(who(plan)).toEqual(['before:unit:data-bureau', 'due:unit:data-bureau']);
    expect(plan.every((r) => r.key.startsWith('milestone_ab12-m1_v1_'))).toBe(true);
  });

  it('a date-only deadline or milestone: its due reminder at the configured time that day', () => {
    const END = '2026-12-31T15:59:59.999Z';
    const due = (plan: { kind: string; at: string }[]) => plan.find((r) => r.kind === 'due')?.at;
    expect(
      due(
        taskDeadlineReminderPlan(
          { taskId: 't1', leadUnit: 'u', deadline: END, deadlineDate: '2026-12-31', deadlineVersion: 1, groupLead: null },
          ladder,
        ),
      ),
    ).toBe('2026-12-31T01:00:00.000Z');
    expect(due(milestoneReminderPlan({ subjectId: 'm', leadUnit: 'u', due: END, dueDate: '2026-12-31' }, ladder))).toBe(
      '2026-12-31T01:00:00.000Z',
    );
  });
});

describe('when a planned reminder no longer applies', () => {
  const item = (status: MeetingItem['status'], deadlineVersion = 1) =>
    ({ items: [{ id: 'i1', status, deadlineVersion }] }) as unknown as MeetingState;

  it('an item: only while open and at the planned deadline version', () => {
    expect(itemStillReminded(item('open'), { itemId: 'i1', deadlineVersion: 1 })?.id).toBe('i1');
    expect(itemStillReminded(item('open', 2), { itemId: 'i1', deadlineVersion: 1 })).toBeUndefined();
    expect(itemStillReminded(item('open', 2), { itemId: 'i1', deadlineVersion: 2 })?.id).toBe('i1');
    expect(itemStillReminded(item('done'), { itemId: 'i1', deadlineVersion: 1 })).toBeUndefined();
    expect(itemStillReminded(item('cancelled'), { itemId: 'i1', deadlineVersion: 1 })).toBeUndefined();
    expect(itemStillReminded(item('open'), { itemId: 'other', deadlineVersion: 1 })).toBeUndefined();
    expect(itemStillReminded(null, { itemId: 'i1', deadlineVersion: 1 })).toBeUndefined();
  });

  it('a matter: only while pending, at the planned deadline, to a signer still pending', () => {
    const matter = (status: string, deadlineAt = deadline) =>
      ({
        status,
        deadline: deadlineAt,
        mode: 'all',
        signers: [
          { userId: 'ann', state: 'pending' },
          { userId: 'ben', state: 'approved' },
        ],
      }) as unknown as MatterState;
    expect(matterStillReminded(matter('pending'), { deadline, recipient: 'ann' })).toBeDefined();
    expect(matterStillReminded(matter('pending'), { deadline, recipient: 'ben' })).toBeUndefined();
    expect(matterStillReminded(matter('approved'), { deadline, recipient: 'ann' })).toBeUndefined();
    expect(matterStillReminded(matter('pending', '2030-02-01T00:00:00.000Z'), { deadline, recipient: 'ann' })).toBeUndefined();
    expect(matterStillReminded(null, { deadline, recipient: 'ann' })).toBeUndefined();
  });

  it('a finding: until it is closed or its due date is extended again; a rectified one still counts', () => {
    const inspection = (status: Finding['status'], extensions: number) =>
      ({ findings: [{ id: 'f1', status, extensions: Array.from({ length: extensions }) }] }) as unknown as InspectionState;
    expect(findingStillReminded(inspection('rectified', 0), { findingId: 'f1', extensions: 0 })?.id).toBe('f1');
    expect(findingStillReminded(inspection('open', 1), { findingId: 'f1', extensions: 0 })).toBeUndefined();
    expect(findingStillReminded(inspection('closed', 0), { findingId: 'f1', extensions: 0 })).toBeUndefined();
    expect(findingStillReminded(null, { findingId: 'f1', extensions: 0 })).toBeUndefined();
  });

  it('an evaluation: only while its report is awaited (again after a return), at the planned due date', () => {
    const evaluation = (status: string, due = deadline) => ({ status, due }) as unknown as EvaluationState;
    expect(evaluationStillReminded(evaluation('commissioned'), { due: deadline })).toBeDefined();
    expect(evaluationStillReminded(evaluation('reported'), { due: deadline })).toBeUndefined();
    expect(evaluationStillReminded(evaluation('accepted'), { due: deadline })).toBeUndefined();
    expect(evaluationStillReminded(evaluation('commissioned', '2030-02-01T00:00:00.000Z'), { due: deadline })).toBeUndefined();
    expect(evaluationStillReminded(null, { due: deadline })).toBeUndefined();
  });
});

describe('when a task reminder no longer applies', () => {
  const task = (status: string, over: Record<string, unknown> = {}) =>
    ({
      status,
      deadlineChanges: [],
      milestones: [
        { id: 'm1', completedAt: null },
        { id: 'm2', completedAt: '2030-01-01T00:00:00.000Z' },
      ],
      ...over,
    }) as unknown as TaskState;

  it('its deadline: while open (submitted included) and at the planned deadline version', () => {
    expect(taskStillReminded(task('in_progress'), { milestoneId: null, deadlineVersion: 1 })?.milestone).toBeNull();
    expect(taskStillReminded(task('submitted'), { milestoneId: null, deadlineVersion: 1 })).toBeDefined();
    expect(taskStillReminded(task('in_progress', { deadlineChanges: [{}] }), { milestoneId: null, deadlineVersion: 1 })).toBeUndefined();
    expect(taskStillReminded(task('in_progress', { deadlineChanges: [{}] }), { milestoneId: null, deadlineVersion: 2 })).toBeDefined();
    expect(taskStillReminded(task('accepted'), { milestoneId: null, deadlineVersion: 1 })).toBeUndefined();
    expect(taskStillReminded(task('cancelled'), { milestoneId: null, deadlineVersion: 1 })).toBeUndefined();
    expect(taskStillReminded(null, { milestoneId: null, deadlineVersion: 1 })).toBeUndefined();
  });

  it('a milestone: while it and its task are open, whatever the deadline did', () => {
    expect(taskStillReminded(task('planned', { deadlineChanges: [{}] }), { milestoneId: 'm1', deadlineVersion: 1 })?.milestone?.id).toBe(
      'm1',
    );
    expect(taskStillReminded(task('planned'), { milestoneId: 'm2', deadlineVersion: 1 })).toBeUndefined();
    expect(taskStillReminded(task('planned'), { milestoneId: 'other', deadlineVersion: 1 })).toBeUndefined();
    expect(taskStillReminded(task('accepted'), { milestoneId: 'm1', deadlineVersion: 1 })).toBeUndefined();
  });
});

describe('acknowledgement reminders (签收)', () => {
  const acknowledgeBy = '2026-03-04T08:00:00.000Z';
  const task = (over: Record<string, unknown> = {}) =>
    ({ status: 'planned', acknowledgeBy, acknowledgedAt: null, ...over }) as unknown as TaskState;

  it("one reminder when the acknowledgement falls due, to the lead unit's shared inbox, never escalated", () => {
    expect(acknowledgementReminderPlan({ taskId: 't1', leadUnit: 'yongxing', acknowledgeBy })).toEqual([
      { key: 'acknowledgement_t1_v1_due_0', kind: 'due', at: acknowledgeBy, recipients: [unitRecipient('yongxing')] },
    ]);
  });

  it('applies only while the task is open and not acknowledged', () => {
    expect(acknowledgementStillReminded(task(), { acknowledgeBy })).toBeDefined();
    expect(acknowledgementStillReminded(task({ acknowledgedAt: '2026-03-02T00:00:00.000Z' }), { acknowledgeBy })).toBeUndefined();
    expect(acknowledgementStillReminded(task({ status: 'cancelled' }), { acknowledgeBy })).toBeUndefined();
    expect(acknowledgementStillReminded(null, { acknowledgeBy })).toBeUndefined();
  });
});
