import { decisionDecider, evaluationDecider, exemplarDecider, inboxDecider, inspectionDecider, matterDecider, meetingDecider, planDecider, reminderDecider, specialGroupDecider, streamCategory, taskDecider, unitDecider } from '#domain';
import type { DeciderLike } from '#event-store';
import { auditDigestDecider } from './audit-digest.decider.js';

/** Any aggregate's decider, as the audit replay sees it: only its fold is used. */
export type AnyAggregate = DeciderLike<never, { type: string; data: unknown }, unknown>;

const asAggregate = <C, E extends { type: string; data: unknown }, S>(decider: DeciderLike<C, E, S>): AnyAggregate =>
  decider as unknown as AnyAggregate;

/**
 * Stream category (the part of the stream name before the first `-`) → the decider whose
 * `initialState`/`evolve` the product itself folds that stream with. An audit replay uses
 * exactly this fold, so "the state as of" can never disagree with the live product. A new
 * aggregate plugs in with one line here.
 */
export const AGGREGATES: Readonly<Record<string, AnyAggregate>> = {
  task: asAggregate(taskDecider),
  decision: asAggregate(decisionDecider),
  matter: asAggregate(matterDecider),
  meeting: asAggregate(meetingDecider),
  inspection: asAggregate(inspectionDecider),
  evaluation: asAggregate(evaluationDecider),
  exemplar: asAggregate(exemplarDecider),
  group: asAggregate(specialGroupDecider),
  plan: asAggregate(planDecider),
  unit: asAggregate(unitDecider),
  inbox: asAggregate(inboxDecider),
  reminder: asAggregate(reminderDecider),
  audit: asAggregate(auditDigestDecider),
};

/** The aggregate a stream belongs to, or null when no decider folds streams of its category. */
export function aggregateFor(stream: string): AnyAggregate | null {
  const category = streamCategory(stream);
  return Object.hasOwn(AGGREGATES, category) ? AGGREGATES[category]! : null;
}
