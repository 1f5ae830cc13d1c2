import type { EvaluationEvent } from '../evaluation/evaluation.events.js';
import type { EvaluationRating, EvaluationSubject } from '../evaluation/evaluation.commands.js';
import type { ExemplarLevel } from '../exemplar/exemplar.commands.js';
import type { ExemplarEvent } from '../exemplar/exemplar.events.js';
import type { InstructionEvent } from '../instruction/instruction.events.js';
import type { UrgingEvent } from '../urging/urging.events.js';
import type { InspectionEvent } from '../inspection/inspection.events.js';
import type { MeetingEvent } from '../meeting/meeting.events.js';
import type { TaskEvent } from '../task/task.events.js';
import type { Due } from '../shared/due.js';
import type { ReportEvery } from '../reporting/reporting.period.js';
import { possibleAssessmentYears } from './assessment-time.js';
import { withReport } from './report-quarters.js';

/** Where a score comes from: the event, so an auditor can replay why. */
export interface EventRef {
  stream: string;
  revision: number;
  eventId: string;
  /** When it happened, as the domain recorded it (the event's own time field, UTC ISO). */
  at: string;
}

/**
 * A deadline (or due date) and the event that set it: the instant every rule compares, and the
 * calendar date it was given as (`null` for an instant, and for events older than that field),
 * which only the reasons people read show.
 */
export interface DatedRef extends Due {
  ref: EventRef;
}

/** What the assessment needs to know about a task: its lead unit and timetable, accepted or cancelled when. */
export interface TaskFacts {
  kind: 'task';
  id: string;
  title: string;
  unit: string;
  deadlines: DatedRef[];
  accepted: EventRef | null;
  cancelled: EventRef | null;
  /**
   * Approved extension requests: the approval (`ref`), the deadline in force it replaced
   * (`from`) and the one it granted (`to`). Absent from facts folded before extension requests.
   */
  extensions?: Array<{ ref: EventRef; from: Due; to: Due }>;
  /**
   * Reporting cycles (报送周期) in the order set, each from its event's time, or from the day the
   * office said reports were owed since (`since`, `YYYY-MM-DD`) when it named one (`none` ends a
   * cycle), and every progress report, for `task.report_missed`. Absent from facts folded before reporting cycles.
   */
  reporting?: { cycles: ReportingCycleFact[]; reports: EventRef[] };
}

/** One reporting cycle as the assessment knows it: its frequency, its event and the day it owed from when named. */
export interface ReportingCycleFact {
  every: ReportEvery;
  ref: EventRef;
  since?: string;
}

/** A finding: its responsible unit, due dates, when it was closed, its rejected verifications. */
export interface FindingFacts {
  kind: 'finding';
  id: string;
  inspectionId: string;
  description: string;
  unit: string;
  dues: DatedRef[];
  closed: EventRef | null;
  rejections: EventRef[];
}

/** An action item: its owner unit, deadlines, done or cancelled when. */
export interface ActionItemFacts {
  kind: 'action_item';
  id: string;
  meetingId: string;
  title: string;
  unit: string;
  deadlines: DatedRef[];
  completed: EventRef | null;
  cancelled: EventRef | null;
}

/** An exemplar: unit, year, and each level it reached with the event that gave it. */
export interface ExemplarFacts {
  kind: 'exemplar';
  id: string;
  title: string;
  unit: string;
  year: number;
  levels: Array<{ level: ExemplarLevel; ref: EventRef }>;
}

/** An evaluation: subject, year, and the accepted rating (only accepted reports count). */
export interface EvaluationFacts {
  kind: 'evaluation';
  id: string;
  subject: EvaluationSubject;
  year: number;
  accepted: { rating: EvaluationRating; ref: EventRef } | null;
}

/** An urging notice (催办单): the lead unit, its reply date (set by the issuing event) and the reply, if any. */
export interface UrgingFacts {
  kind: 'urging';
  id: string;
  taskTitle: string;
  unit: string;
  /** `催办〔2026〕3号` once numbered. */
  label: string | null;
  replyBy: DatedRef | null;
  reply: { late: boolean; ref: EventRef } | null;
}

/** A leader's instruction (领导批示): the unit that answers it, its `respondBy` (set by the giving event), first response and closing. */
export interface InstructionFacts {
  kind: 'instruction';
  id: string;
  text: string;
  /** `null` when the subject has no responsible unit: then no unit is scored. */
  unit: string | null;
  respondBy: DatedRef | null;
  firstResponse: EventRef | null;
  closed: EventRef | null;
}

/** Everything that can earn or lose a unit points, one per task, finding, item, exemplar, evaluation, urging or instruction. */
export type AssessmentSubject =
  TaskFacts | FindingFacts | ActionItemFacts | ExemplarFacts | EvaluationFacts | UrgingFacts | InstructionFacts;

/** An event of any stream the assessment reads. */
export type AssessedEvent = TaskEvent | InspectionEvent | MeetingEvent | ExemplarEvent | EvaluationEvent | UrgingEvent | InstructionEvent;

const cycleFact = (every: ReportEvery, ref: EventRef, since: string | undefined): ReportingCycleFact =>
  since === undefined ? { every, ref } : { every, ref, since };

/**
 * The key of the subject an event is about (`task:<id>`, `finding:<inspection>/<finding>`,
 * `action_item:<meeting>/<item>`, `exemplar:<id>`, `evaluation:<id>`), or null when the event
 * cannot change any score.
 */
export function assessmentSubjectKey(event: { type: string; data: unknown }): string | null {
  const e = event as AssessedEvent;
  switch (e.type) {
    case 'TaskRegistered':
    case 'TaskDeadlineChanged':
    case 'TaskAccepted':
    case 'TaskCancelled':
    case 'TaskExtensionApproved':
    case 'TaskReportingSet':
    case 'TaskProgressReported':
      return `task:${e.data.taskId}`;
    case 'FindingRecorded':
    case 'RectificationDueExtended':
    case 'RectificationVerified':
      return `finding:${e.data.inspectionId}/${e.data.findingId}`;
    case 'ItemAdded':
    case 'ItemDeadlineChanged':
    case 'ItemCompleted':
    case 'ItemCancelled':
      return `action_item:${e.data.meetingId}/${e.data.itemId}`;
    case 'ExemplarNominated':
    case 'ExemplarSelected':
    case 'ExemplarRecognized':
      return `exemplar:${e.data.exemplarId}`;
    case 'EvaluationCommissioned':
    case 'EvaluationAccepted':
      return `evaluation:${e.data.evaluationId}`;
    case 'UrgingIssued':
    case 'UrgingNumbered':
    case 'UrgingReplied':
      return `urging:${e.data.urgingId}`;
    case 'InstructionGiven':
    case 'InstructionResponded':
    case 'InstructionClosed':
      return `instruction:${e.data.instructionId}`;
    default:
      return null;
  }
}

/**
 * Folds one event into the facts of its subject (see {@link assessmentSubjectKey}); `ref`
 * names the event. Total: an event that does not fit leaves the facts as they were.
 */
export function evolveAssessmentSubject(
  facts: AssessmentSubject | null,
  event: { type: string; data: unknown },
  ref: EventRef,
): AssessmentSubject | null {
  const e = event as AssessedEvent;
  switch (e.type) {
    case 'TaskRegistered':
      return {
        kind: 'task',
        id: e.data.taskId,
        title: e.data.title,
        unit: e.data.leadUnit,
        deadlines: [{ at: e.data.deadline, date: e.data.deadlineDate ?? null, ref }],
        accepted: null,
        cancelled: null,
        reporting: { cycles: e.data.reportEvery ? [cycleFact(e.data.reportEvery, ref, e.data.reportSince)] : [], reports: [] },
      };
    case 'TaskReportingSet': {
      if (facts?.kind !== 'task') return facts;
      const reporting = facts.reporting ?? { cycles: [], reports: [] };
      return { ...facts, reporting: { ...reporting, cycles: [...reporting.cycles, cycleFact(e.data.every, ref, e.data.since)] } };
    }
    case 'TaskProgressReported': {
      if (facts?.kind !== 'task') return facts;
      const reporting = facts.reporting ?? { cycles: [], reports: [] };
      return { ...facts, reporting: { ...reporting, reports: withReport(reporting.reports, ref) } };
    }
    case 'TaskDeadlineChanged':
      return facts?.kind === 'task'
        ? { ...facts, deadlines: [...facts.deadlines, { at: e.data.deadline, date: e.data.deadlineDate ?? null, ref }] }
        : facts;
    case 'TaskAccepted':
      return facts?.kind === 'task' ? { ...facts, accepted: ref } : facts;
    case 'TaskCancelled':
      return facts?.kind === 'task' ? { ...facts, cancelled: ref } : facts;
    case 'TaskExtensionApproved': {
      if (facts?.kind !== 'task') return facts;
      const d = e.data;
      const extension = {
        ref,
        from: { at: d.previousDeadline, date: d.previousDeadlineDate ?? null },
        to: { at: d.deadline, date: d.deadlineDate ?? null },
      };
      return { ...facts, extensions: [...(facts.extensions ?? []), extension] };
    }
    case 'FindingRecorded':
      return {
        kind: 'finding',
        id: e.data.findingId,
        inspectionId: e.data.inspectionId,
        description: e.data.description,
        unit: e.data.responsibleUnit,
        dues: [{ at: e.data.rectificationDue, date: e.data.rectificationDueDate ?? null, ref }],
        closed: null,
        rejections: [],
      };
    case 'RectificationDueExtended':
      return facts?.kind === 'finding' ? { ...facts, dues: [...facts.dues, { at: e.data.due, date: e.data.dueDate ?? null, ref }] } : facts;
    case 'RectificationVerified':
      if (facts?.kind !== 'finding') return facts;
      return e.data.outcome === 'accepted' ? { ...facts, closed: ref } : { ...facts, rejections: [...facts.rejections, ref] };
    case 'ItemAdded':
      return {
        kind: 'action_item',
        id: e.data.itemId,
        meetingId: e.data.meetingId,
        title: e.data.title,
        unit: e.data.ownerUnit,
        deadlines: [{ at: e.data.deadline, date: e.data.deadlineDate ?? null, ref }],
        completed: null,
        cancelled: null,
      };
    case 'ItemDeadlineChanged':
      return facts?.kind === 'action_item'
        ? { ...facts, deadlines: [...facts.deadlines, { at: e.data.deadline, date: e.data.deadlineDate ?? null, ref }] }
        : facts;
    case 'ItemCompleted':
      return facts?.kind === 'action_item' ? { ...facts, completed: ref } : facts;
    case 'ItemCancelled':
      return facts?.kind === 'action_item' ? { ...facts, cancelled: ref } : facts;
    case 'ExemplarNominated':
      return { kind: 'exemplar', id: e.data.exemplarId, title: e.data.title, unit: e.data.unit, year: e.data.year, levels: [] };
    case 'ExemplarSelected':
      return facts?.kind === 'exemplar' ? { ...facts, levels: [...facts.levels, { level: 'city', ref }] } : facts;
    case 'ExemplarRecognized':
      return facts?.kind === 'exemplar' ? { ...facts, levels: [...facts.levels, { level: e.data.recognizedLevel, ref }] } : facts;
    case 'EvaluationCommissioned':
      return { kind: 'evaluation', id: e.data.evaluationId, subject: e.data.subject, year: e.data.year, accepted: null };
    case 'EvaluationAccepted':
      return facts?.kind === 'evaluation' ? { ...facts, accepted: { rating: e.data.rating, ref } } : facts;
    case 'UrgingIssued': {
      const d = e.data;
      const replyBy = d.replyBy === null ? null : { at: d.replyBy, date: d.replyByDate ?? null, ref };
      return { kind: 'urging', id: d.urgingId, taskTitle: d.taskTitle, unit: d.leadUnit, label: null, replyBy, reply: null };
    }
    case 'UrgingNumbered':
      return facts?.kind === 'urging' ? { ...facts, label: e.data.label } : facts;
    case 'UrgingReplied':
      return facts?.kind === 'urging' && facts.reply === null ? { ...facts, reply: { late: e.data.late, ref } } : facts;
    case 'InstructionGiven': {
      const d = e.data;
      const respondBy = d.respondBy === null ? null : { at: d.respondBy, date: d.respondByDate ?? null, ref };
      return { kind: 'instruction', id: d.instructionId, text: d.text, unit: d.subject.unit, respondBy, firstResponse: null, closed: null };
    }
    case 'InstructionResponded':
      return facts?.kind === 'instruction' && facts.firstResponse === null ? { ...facts, firstResponse: ref } : facts;
    case 'InstructionClosed':
      return facts?.kind === 'instruction' && facts.closed === null ? { ...facts, closed: ref } : facts;
    default:
      return facts;
  }
}

/**
 * When an assessed event happened, from its own time field (the server's "now" when the
 * command was decided), so asOf views and citations do not depend on the store's clock.
 */
export function assessedEventTime(event: { type: string; data: unknown }): string | null {
  const e = event as AssessedEvent;
  switch (e.type) {
    case 'TaskRegistered':
      return e.data.registeredAt;
    case 'TaskDeadlineChanged':
      return e.data.changedAt;
    case 'TaskAccepted':
      return e.data.acceptedAt;
    case 'TaskCancelled':
      return e.data.cancelledAt;
    case 'TaskExtensionApproved':
      return e.data.approvedAt;
    case 'TaskReportingSet':
      return e.data.setAt;
    case 'TaskProgressReported':
      return e.data.reportedAt;
    case 'FindingRecorded':
      return e.data.recordedAt;
    case 'RectificationDueExtended':
      return e.data.extendedAt;
    case 'RectificationVerified':
      return e.data.verifiedAt;
    case 'ItemAdded':
      return e.data.addedAt;
    case 'ItemDeadlineChanged':
      return e.data.changedAt;
    case 'ItemCompleted':
      return e.data.completedAt;
    case 'ItemCancelled':
      return e.data.cancelledAt;
    case 'ExemplarNominated':
      return e.data.nominatedAt;
    case 'ExemplarSelected':
      return e.data.selectedAt;
    case 'ExemplarRecognized':
      return e.data.recordedAt;
    case 'EvaluationCommissioned':
      return e.data.commissionedAt;
    case 'EvaluationAccepted':
      return e.data.acceptedAt;
    case 'UrgingIssued':
      return e.data.issuedAt;
    case 'UrgingNumbered':
      return e.data.numberedAt;
    case 'UrgingReplied':
      return e.data.repliedAt;
    case 'InstructionGiven':
      return e.data.givenAt;
    case 'InstructionResponded':
      return e.data.respondedAt;
    case 'InstructionClosed':
      return e.data.closedAt;
    default:
      return null;
  }
}

/**
 * The (year, unit) pairs a subject may score in, for indexing: every year any of its dates
 * may fall in, in any time zone ({@link possibleAssessmentYears}), so the index does not
 * depend on the deployment's. `unit` is null for an evaluation of a task (its lead unit is the task's).
 * The scoring rules decide what actually counts as of a moment.
 */
export function assessmentSubjectYears(facts: AssessmentSubject): Array<{ year: number; unit: string | null }> {
  const years = new Set<number>();
  let unit: string | null;
  switch (facts.kind) {
    case 'task':
      unit = facts.unit;
      for (const d of facts.deadlines) for (const y of possibleAssessmentYears(d.at)) years.add(y);
      for (const y of reportingYears(facts)) years.add(y);
      break;
    case 'action_item':
      unit = facts.unit;
      for (const d of facts.deadlines) for (const y of possibleAssessmentYears(d.at)) years.add(y);
      break;
    case 'finding':
      unit = facts.unit;
      for (const d of facts.dues) for (const y of possibleAssessmentYears(d.at)) years.add(y);
      for (const r of facts.rejections) for (const y of possibleAssessmentYears(r.at)) years.add(y);
      break;
    case 'exemplar':
      unit = facts.unit;
      years.add(facts.year);
      break;
    case 'evaluation':
      unit = facts.subject.kind === 'unit' ? facts.subject.id : null;
      years.add(facts.year);
      break;
    case 'urging':
      unit = facts.unit;
      if (facts.replyBy) for (const y of possibleAssessmentYears(facts.replyBy.at)) years.add(y);
      break;
    case 'instruction':
      unit = facts.unit;
      if (facts.respondBy) for (const y of possibleAssessmentYears(facts.respondBy.at)) years.add(y);
      break;
  }
  return [...years].sort().map((year) => ({ year, unit }));
}

/**
 * Whether a task's progress reports can change its score: only once a reporting cycle was set
 * (`task.report_missed` asks which periods of a cycle went without one). Without one a report
 * changes no item, so a scoreboard need not score the task again for it.
 */
export function reportsCanScore(facts: TaskFacts): boolean {
  return (facts.reporting?.cycles ?? []).some((c) => c.every !== 'none');
}

/**
 * The years a task's missed reports may fall in: from its first cycle's year through the year
 * it was accepted or cancelled, or, while open, through the year after the latest of its
 * deadlines, cycles and reports (a report owed beyond that is not indexed until the task's next
 * event). Each bound with {@link possibleAssessmentYears}' margins; empty without a cycle.
 */
export function reportingYears(facts: TaskFacts): number[] {
  const cycles = facts.reporting?.cycles ?? [];
  if (!reportsCanScore(facts)) return [];
  // A cycle owed since a named day may owe periods of a year before its event's.
  const first = Math.min(...cycles.flatMap((c) => possibleAssessmentYears(c.since ?? c.ref.at)));
  const closed = facts.accepted ?? facts.cancelled;
  const latest = [
    ...facts.deadlines.map((d) => d.at),
    ...cycles.map((c) => c.ref.at),
    ...(facts.reporting?.reports ?? []).map((r) => r.at),
  ];
  const last = closed
    ? Math.max(...possibleAssessmentYears(closed.at))
    : Math.max(...latest.flatMap((at) => possibleAssessmentYears(at))) + 1;
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}
