import { DEFAULT_DUE_DAY_REMINDER } from '../shared/due.js';
import type { Instruction } from '../instruction/instruction.state.js';
import type { Urging } from '../urging/urging.state.js';
import type { ReminderLadder } from './reminder.subjects.js';
import { instructionReminderPlan, instructionStillReminded, urgingReminderPlan, urgingStillReminded } from './supervision.reminders.js';

const H = 3_600_000;
const ladder: ReminderLadder = {
  offsetsMs: [24 * H, 0],
  taskOffsetsMs: [72 * H, 0],
  escalateEveryMs: 24 * H,
  escalateMax: 1,
  escalateTo: ['office-1'],
  dueDay: DEFAULT_DUE_DAY_REMINDER,
};
const who = (plan: Array<{ kind: string; recipients: string[] }>) => plan.map((r) => `${r.kind}:${r.recipients.join('+')}`);

describe('urging notices', () => {
  const numberedAt = '2030-01-01T02:00:00.000Z';
  it('given a notice with a reply date, when planned, then the unit gets it at once; the date is reminded, escalated to the office', () => {
    const plan = urgingReminderPlan({ urgingId: 'u1', leadUnit: 'water', numberedAt, replyBy: '2030-01-10T00:00:00.000Z' }, ladder);
    expect(plan.notice).toEqual({ key: 'urgingnotice_u1_v1_before_0', kind: 'before', at: numberedAt, recipients: ['unit:water'] });
    expect(who(plan.reply)).toEqual(['before:unit:water', 'due:unit:water', 'overdue:unit:water+office-1']);
  });
  it('given a notice without a reply date, when planned, then only the notice, asking for a reply now', () => {
    const plan = urgingReminderPlan({ urgingId: 'u1', leadUnit: 'water', numberedAt, replyBy: null }, ladder);
    expect(plan.notice.kind).toBe('due');
    expect(plan.reply).toEqual([]);
  });
  it('given a notice, when it is unnumbered or replied, then nothing is still due; when it waits, it is', () => {
    const base = { number: 3, reply: null, replyBy: 'r' } as unknown as Urging;
    expect(urgingStillReminded(base, { replyBy: 'r' })).toBe(base);
    expect(urgingStillReminded(base, { replyBy: null })).toBe(base);
    expect(urgingStillReminded({ ...base, number: null }, { replyBy: 'r' })).toBeUndefined();
    expect(urgingStillReminded({ ...base, reply: { text: 'x', by: 'd', at: 'a', late: false } }, { replyBy: 'r' })).toBeUndefined();
    expect(urgingStillReminded(null, { replyBy: 'r' })).toBeUndefined();
  });
});

describe('leaders’ instructions', () => {
  const respondBy = '2030-01-10T00:00:00.000Z';
  it('given an instruction on a unit’s subject, when planned, then the unit is reminded and the office hears once overdue', () => {
    expect(who(instructionReminderPlan({ instructionId: 'i1', unit: 'water', respondBy }, ladder))).toEqual([
      'before:unit:water',
      'due:unit:water',
      'overdue:unit:water+office-1',
    ]);
  });
  it('given an instruction on a matter (no unit), when planned, then the office is reminded as its owner', () => {
    const office: ReminderLadder = { ...ladder, escalateTo: ['office-1', 'office-2'] };
    expect(who(instructionReminderPlan({ instructionId: 'i1', unit: null, respondBy }, office))).toEqual([
      'before:office-1+office-2',
      'due:office-1+office-2',
      'overdue:office-1+office-2',
    ]);
  });
  it('given an instruction, when answered or closed, then nothing is still due', () => {
    const open = { status: 'open', firstResponseAt: null, respondBy } as unknown as Instruction;
    expect(instructionStillReminded(open, { respondBy })).toBe(open);
    expect(instructionStillReminded({ ...open, status: 'answered', firstResponseAt: 'x' }, { respondBy })).toBeUndefined();
    expect(instructionStillReminded({ ...open, status: 'closed' }, { respondBy })).toBeUndefined();
  });
});
