/**
 * Who is reminded of which deadline, who hears once it is overdue, and when a planned reminder
 * no longer applies: one plan and one "still due" check per reminder subject, so each subject's
 * rules are stated once, on the one ladder ({@link ladderSteps}). A subject's definition in
 * libs/reminders/src/subjects/ (its fold, how it reads its aggregate, its texts' keys) calls
 * these; a new subject may state its rules here or in its definition.
 */
import { findItem, type MeetingItem, type MeetingState } from '../meeting/index.js';
import { pendingSigners, type Matter, type MatterState } from '../matter/index.js';
import type { Finding, InspectionState } from '../inspection/index.js';
import type { Evaluation, EvaluationState } from '../evaluation/index.js';
import { isTaskOpen, type Task, type TaskMilestone, type TaskState } from '../task/index.js';
import { planReminders, type PlannedReminder, type ReminderPlanInput } from './reminder.ladder.js';
import type { DueDayReminder } from '../shared/due.js';

/** The ladder's settings (REMINDER_OFFSETS, REMINDER_ESCALATE_EVERY, REMINDER_ESCALATE_MAX, REMINDER_ESCALATE_TO). */
export interface ReminderLadder {
  /** Offsets before the deadline in ms, largest first; 0 is a reminder at the deadline. */
  offsetsMs: number[];
  escalateEveryMs: number;
  escalateMax: number;
  /** The reform office's recipients of overdue escalations. */
  escalateTo: string[];
  /** When the reminders of a date-only deadline go out (`DUE_DAY_REMINDER_AT` in `DISPLAY_TIMEZONE`). */
  dueDay: DueDayReminder;
  /** TASK_REMINDER_OFFSETS: offsets before a task's deadline and each milestone's due date, largest first. */
  taskOffsetsMs: number[];
}

/**
 * The ladder as one subject climbs it: `offsetsMs` before its deadline (0: at the deadline),
 * and, when it `escalates`, the overdue reminders every `escalateEveryMs` up to `escalateMax`.
 * The one place a subject's plan reads the ladder's settings from.
 */
export function ladderSteps(
  ladder: ReminderLadder,
  use: { offsetsMs: readonly number[]; escalates: boolean },
): Pick<ReminderPlanInput, 'dueDay' | 'offsetsMs' | 'escalateEveryMs' | 'escalateMax'> {
  return {
    dueDay: ladder.dueDay,
    offsetsMs: [...use.offsetsMs],
    escalateEveryMs: use.escalates ? ladder.escalateEveryMs : 0,
    escalateMax: use.escalates ? ladder.escalateMax : 0,
  };
}

/**
 * Inbox address of a unit: notifications addressed to a unit (a finding's responsible unit)
 * are shared by every user whose token carries that `unit`.
 */
export function unitRecipient(unit: string): string {
  return `unit:${unit}`;
}

/**
 * An action item: `before` and `due` reminders to its owner; once overdue, escalations to the
 * owner and the reform office (`escalateTo`). The key carries the deadline version, so a
 * changed deadline yields new reminders and the old ones no longer apply.
 */
export function itemReminderPlan(
  item: { itemId: string; owner: string; deadline: string; deadlineDate?: string | null; deadlineVersion: number },
  ladder: ReminderLadder,
): PlannedReminder[] {
  return planReminders({
    subjectId: item.itemId,
    deadline: item.deadline,
    deadlineDate: item.deadlineDate ?? null,
    deadlineVersion: item.deadlineVersion,
    owner: item.owner,
    escalateTo: ladder.escalateTo,
    ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs, escalates: true }),
  });
}

/**
 * A countersign matter with a deadline: `before` reminders to each pending signer, and nothing
 * at or after the deadline: the matter expires then, so it never escalates.
 */
export function matterReminderPlan(
  matter: { matterId: string; deadline: string; deadlineDate?: string | null; awaiting: readonly string[] },
  ladder: ReminderLadder,
): PlannedReminder[] {
  const byKey = new Map<string, PlannedReminder>();
  for (const signer of matter.awaiting) {
    const plan = planReminders({
      subjectId: matter.matterId,
      subjectKind: 'matter',
      deadline: matter.deadline,
      deadlineDate: matter.deadlineDate ?? null,
      deadlineVersion: 1,
      owner: signer,
      escalateTo: [],
      ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs.filter((o) => o > 0), escalates: false }),
    });
    for (const r of plan) {
      const known = byKey.get(r.key);
      if (known) known.recipients.push(signer);
      else byKey.set(r.key, { ...r, recipients: [signer] });
    }
  }
  return [...byKey.values()];
}

/**
 * An inspection finding: `before` and `due` reminders to the responsible unit's shared inbox;
 * once overdue, escalations to the unit and the inspector who opened the inspection. The due
 * version is the number of extensions plus one, so an extension yields new reminders.
 * `subjectId` is the finding's key among all findings (finding ids are unique within their
 * inspection only; the engine makes it).
 */
export function findingReminderPlan(
  finding: { subjectId: string; responsibleUnit: string; due: string; dueDate?: string | null; extensions: number; inspector: string },
  ladder: ReminderLadder,
): PlannedReminder[] {
  return planReminders({
    subjectId: finding.subjectId,
    subjectKind: 'finding',
    deadline: finding.due,
    deadlineDate: finding.dueDate ?? null,
    deadlineVersion: finding.extensions + 1,
    owner: unitRecipient(finding.responsibleUnit),
    escalateTo: [finding.inspector],
    ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs, escalates: true }),
  });
}

/**
 * A commissioned evaluation: `before` and `due` reminders of its report's due date to the
 * evaluation organisation's shared inbox (its evaluators carry the organisation as JWT
 * `unit`); once overdue, escalations to the organisation and to the office user who
 * commissioned it. The due date never moves, so the version is 1.
 */
export function evaluationReminderPlan(
  evaluation: { evaluationId: string; evaluatorUnit: string; due: string; dueDate?: string | null; commissionedBy: string },
  ladder: ReminderLadder,
): PlannedReminder[] {
  return planReminders({
    subjectId: evaluation.evaluationId,
    subjectKind: 'evaluation',
    deadline: evaluation.due,
    deadlineDate: evaluation.dueDate ?? null,
    deadlineVersion: 1,
    owner: unitRecipient(evaluation.evaluatorUnit),
    escalateTo: [evaluation.commissionedBy],
    ...ladderSteps(ladder, { offsetsMs: ladder.offsetsMs, escalates: true }),
  });
}

/**
 * A task's acknowledgement (签收): one reminder, when it falls due (`acknowledgeBy`), to the lead
 * unit's shared inbox; no escalation (the light turns yellow, the office sees it there).
 * `acknowledgeBy` never moves, so the version is 1.
 */
export function acknowledgementReminderPlan(task: { taskId: string; leadUnit: string; acknowledgeBy: string }): PlannedReminder[] {
  return planReminders({
    subjectId: task.taskId,
    subjectKind: 'acknowledgement',
    deadline: task.acknowledgeBy,
    deadlineVersion: 1,
    owner: unitRecipient(task.leadUnit),
    escalateTo: [],
    offsetsMs: [0],
    escalateEveryMs: 0,
    escalateMax: 0,
  });
}

/**
 * The task an acknowledgement reminder is still due for, or `undefined`: nothing once the lead
 * unit acknowledged it or the task was accepted or cancelled.
 */
export function acknowledgementStillReminded(state: TaskState, reminder: { acknowledgeBy: string }): Task | undefined {
  return state !== null && isTaskOpen(state.status) && state.acknowledgedAt === null && state.acknowledgeBy === reminder.acknowledgeBy
    ? state
    : undefined;
}

/**
 * The evaluation a report reminder is still due for, or `undefined`: nothing once a report is
 * in (waiting for the office, or accepted); a returned report makes it due again.
 */
export function evaluationStillReminded(state: EvaluationState, reminder: { due: string }): Evaluation | undefined {
  return state !== null && state.status === 'commissioned' && state.due === reminder.due ? state : undefined;
}

/**
 * The item a reminder planned for `deadlineVersion` is still due for, or `undefined`: nothing
 * for an unknown, done or cancelled item, or one whose deadline changed since.
 */
export function itemStillReminded(state: MeetingState, reminder: { itemId: string; deadlineVersion: number }): MeetingItem | undefined {
  const item = findItem(state, reminder.itemId);
  return item && item.status === 'open' && item.deadlineVersion === reminder.deadlineVersion ? item : undefined;
}

/**
 * The matter a signer's reminder is still due for, or `undefined`: nothing once the matter is
 * decided, recalled or expired, its deadline differs from the planned one, or the recipient is
 * no longer a pending signer (signed, handed over, not yet their turn).
 */
export function matterStillReminded(state: MatterState, reminder: { deadline: string; recipient: string }): Matter | undefined {
  if (state === null || state.status !== 'pending' || state.deadline !== reminder.deadline) return undefined;
  return pendingSigners(state).includes(reminder.recipient) ? state : undefined;
}

/**
 * The finding a rectification reminder is still due for, or `undefined`: nothing once it is
 * closed, or its due date was extended after the reminder was planned (the extension's own
 * reminders replace it). A rectified finding awaiting verification is still reminded: like
 * overdue, only closing ends it.
 */
export function findingStillReminded(state: InspectionState, reminder: { findingId: string; extensions: number }): Finding | undefined {
  const finding = state?.findings.find((f) => f.id === reminder.findingId);
  return finding && finding.status !== 'closed' && finding.extensions.length === reminder.extensions ? finding : undefined;
}

/**
 * A task's deadline: `before` and `due` reminders (TASK_REMINDER_OFFSETS) to the lead unit's
 * shared inbox (`unit:<leadUnit>`, read by every user of that unit); once overdue, escalations
 * to the unit, the reform office (`escalateTo`) and the special group's lead (when the group
 * is registered). The deadline version is the number of deadline changes plus one, so a changed
 * deadline yields new reminders and the old ones no longer apply.
 */
export function taskDeadlineReminderPlan(
  task: {
    taskId: string;
    leadUnit: string;
    deadline: string;
    deadlineDate?: string | null;
    deadlineVersion: number;
    groupLead: string | null;
  },
  ladder: ReminderLadder,
): PlannedReminder[] {
  return planReminders({
    subjectId: task.taskId,
    subjectKind: 'task',
    deadline: task.deadline,
    deadlineDate: task.deadlineDate ?? null,
    deadlineVersion: task.deadlineVersion,
    owner: unitRecipient(task.leadUnit),
    escalateTo: task.groupLead === null ? ladder.escalateTo : [...ladder.escalateTo, task.groupLead],
    ...ladderSteps(ladder, { offsetsMs: ladder.taskOffsetsMs, escalates: true }),
  });
}

/**
 * A milestone of a task: `before` and `due` reminders (TASK_REMINDER_OFFSETS) of its due date to
 * the lead unit's shared inbox, never escalated (a slipped milestone turns the task's light red;
 * escalation is the deadline's). Due dates of milestones never move, so the version is 1.
 * `subjectId` is the milestone's key among all tasks' (milestone ids are unique within their
 * task only; the engine makes it).
 */
export function milestoneReminderPlan(
  milestone: { subjectId: string; leadUnit: string; due: string; dueDate?: string | null },
  ladder: ReminderLadder,
): PlannedReminder[] {
  return planReminders({
    subjectId: milestone.subjectId,
    subjectKind: 'milestone',
    deadline: milestone.due,
    deadlineDate: milestone.dueDate ?? null,
    deadlineVersion: 1,
    owner: unitRecipient(milestone.leadUnit),
    escalateTo: [],
    ...ladderSteps(ladder, { offsetsMs: ladder.taskOffsetsMs, escalates: false }),
  });
}

/**
 * What a task reminder is still due for, or `undefined`: nothing once the task is accepted or
 * cancelled; for the deadline (`milestoneId` null), nothing once it changed since the reminder
 * was planned (`deadlineVersion`); for a milestone, nothing once it is completed. A submitted
 * task is still reminded: like overdue, only acceptance ends it.
 */
export function taskStillReminded(
  state: TaskState,
  reminder: { milestoneId: string | null; deadlineVersion: number },
): { task: Task; milestone: TaskMilestone | null } | undefined {
  if (state === null || !isTaskOpen(state.status)) return undefined;
  if (reminder.milestoneId === null)
    return state.deadlineChanges.length + 1 === reminder.deadlineVersion ? { task: state, milestone: null } : undefined;
  const milestone = state.milestones.find((m) => m.id === reminder.milestoneId);
  return milestone && milestone.completedAt === null ? { task: state, milestone } : undefined;
}
