/**
 * The reminders of the supervision records (督办): an urging notice's delivery and its `replyBy`,
 * a leader's instruction's `respondBy`. Stated here, beside the other subjects' plans, on the
 * same ladder ({@link ladderSteps}).
 */
import type { Instruction, InstructionState } from '../instruction/instruction.state.js';
import type { Urging, UrgingState } from '../urging/urging.state.js';
import { planReminders, type PlannedReminder } from './reminder.ladder.js';
import { ladderSteps, unitRecipient, type ReminderLadder } from './reminder.subjects.js';

/**
 * An urging notice, once numbered: the notice itself, at once, to the lead unit's shared inbox
 * (`before` when a reply date follows, `due` when none does: "reply now"); and, with `replyBy`,
 * `before` and `due` reminders of the reply date to the unit and, once overdue, escalations to
 * the unit and the office (`escalateTo`). A reply date never moves, so the version is 1.
 */
export function urgingReminderPlan(
  urging: { urgingId: string; leadUnit: string; numberedAt: string; replyBy: string | null; replyByDate?: string | null },
  ladder: ReminderLadder,
): { notice: PlannedReminder; reply: PlannedReminder[] } {
  const owner = unitRecipient(urging.leadUnit);
  // One message, at once: the notice needs no ladder, only the key every reminder has.
  const kind = urging.replyBy === null ? 'due' : 'before';
  const notice: PlannedReminder = {
    key: `urgingnotice_${urging.urgingId}_v1_${kind}_0`,
    kind,
    at: new Date(Date.parse(urging.numberedAt)).toISOString(),
    recipients: [owner],
  };
  const reply =
    urging.replyBy === null
      ? []
      : planReminders({
          subjectId: urging.urgingId,
          subjectKind: 'urging',
          deadline: urging.replyBy,
          deadlineDate: urging.replyByDate ?? null,
          deadlineVersion: 1,
          owner,
          escalateTo: ladder.escalateTo,
          ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs, escalates: true }),
        });
  return { notice, reply };
}

/**
 * The notice a reminder is still due for, or `undefined`: the notice itself until the unit
 * replied; a reply reminder (`replyBy` given) until the unit replied, as long as the reply date
 * is the one it was planned for.
 */
export function urgingStillReminded(state: UrgingState, reminder: { replyBy: string | null }): Urging | undefined {
  return state !== null &&
    state.number !== null &&
    state.reply === null &&
    (reminder.replyBy === null || state.replyBy === reminder.replyBy)
    ? state
    : undefined;
}

/**
 * A leader's instruction with `respondBy`: `before` and `due` reminders to the shared inbox of the
 * subject's unit, and once overdue escalations to the unit and the office (`escalateTo`). A
 * subject without a unit (a matter) is the office's to answer: the office is reminded as the
 * owner, once per recipient. `respondBy` never moves, so the version is 1.
 */
export function instructionReminderPlan(
  instruction: { instructionId: string; unit: string | null; respondBy: string; respondByDate?: string | null },
  ladder: ReminderLadder,
): PlannedReminder[] {
  const owners = instruction.unit !== null ? [unitRecipient(instruction.unit)] : ladder.escalateTo;
  const byKey = new Map<string, PlannedReminder>();
  for (const owner of owners) {
    const plan = planReminders({
      subjectId: instruction.instructionId,
      subjectKind: 'instruction',
      deadline: instruction.respondBy,
      deadlineDate: instruction.respondByDate ?? null,
      deadlineVersion: 1,
      owner,
      escalateTo: instruction.unit !== null ? ladder.escalateTo : [],
      ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs, escalates: true }),
    });
    for (const r of plan) {
      const known = byKey.get(r.key);
      if (known) known.recipients.push(...r.recipients.filter((x) => !known.recipients.includes(x)));
      else byKey.set(r.key, r);
    }
  }
  return [...byKey.values()];
}

/** The instruction a `respondBy` reminder is still due for, or `undefined`: nothing once it was answered or closed. */
export function instructionStillReminded(state: InstructionState, reminder: { respondBy: string }): Instruction | undefined {
  return state !== null && state.status === 'open' && state.firstResponseAt === null && state.respondBy === reminder.respondBy
    ? state
    : undefined;
}
