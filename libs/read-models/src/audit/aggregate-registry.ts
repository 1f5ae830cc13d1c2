import {
  evolveDecision,
  evolveEvaluation,
  evolveExemplar,
  evolveFile,
  evolveInbox,
  evolveInspection,
  evolveMatter,
  evolveMeeting,
  evolvePlan,
  evolveReminder,
  evolveSpecialGroup,
  evolveTask,
  evolveUnit,
  evolveUrging,
  evolveInstruction,
  evolveSequence,
  initialDecisionState,
  initialEvaluationState,
  initialExemplarState,
  initialFileState,
  initialInboxState,
  initialInspectionState,
  initialMatterState,
  initialMeetingState,
  initialPlanState,
  initialReminderState,
  initialSpecialGroupState,
  initialTaskState,
  initialUnitState,
  initialUrgingState,
  initialInstructionState,
  initialSequenceState,
  streamCategory,
} from '#domain';
import type { Fold } from '#event-store';
import { auditDigestDecider } from './audit-digest.decider.js';

/** Any aggregate's fold, as the audit replay sees it. */
export type AnyAggregate = Fold<{ type: string; data: unknown }, unknown>;

const asAggregate = <E extends { type: string; data: unknown }, S>(
  initialState: () => S,
  evolve: (state: S, event: E) => S,
): AnyAggregate => ({ initialState, evolve }) as unknown as AnyAggregate;

/**
 * Stream category (the part of the stream name before the first `-`) → the fold (`initialXState`,
 * `evolveX`) the product itself folds that stream with. An audit replay uses
 * exactly this fold, so "the state as of" can never disagree with the live product. A new
 * aggregate plugs in with one line here.
 */
export const AGGREGATES: Readonly<Record<string, AnyAggregate>> = {
  task: asAggregate(initialTaskState, evolveTask),
  decision: asAggregate(initialDecisionState, evolveDecision),
  matter: asAggregate(initialMatterState, evolveMatter),
  meeting: asAggregate(initialMeetingState, evolveMeeting),
  inspection: asAggregate(initialInspectionState, evolveInspection),
  evaluation: asAggregate(initialEvaluationState, evolveEvaluation),
  exemplar: asAggregate(initialExemplarState, evolveExemplar),
  group: asAggregate(initialSpecialGroupState, evolveSpecialGroup),
  plan: asAggregate(initialPlanState, evolvePlan),
  unit: asAggregate(initialUnitState, evolveUnit),
  inbox: asAggregate(initialInboxState, evolveInbox),
  reminder: asAggregate(initialReminderState, evolveReminder),
  urging: asAggregate(initialUrgingState, evolveUrging),
  instruction: asAggregate(initialInstructionState, evolveInstruction),
  sequence: asAggregate(initialSequenceState, evolveSequence),
  file: asAggregate(initialFileState, evolveFile),
  audit: asAggregate(auditDigestDecider.initialState, auditDigestDecider.evolve),
};

/** The aggregate a stream belongs to, or null when no decider folds streams of its category. */
export function aggregateFor(stream: string): AnyAggregate | null {
  const category = streamCategory(stream);
  return Object.hasOwn(AGGREGATES, category) ? AGGREGATES[category]! : null;
}
