import {
  auditLogProjection,
  decisionsProjection,
  evaluationsProjection,
  exemplarsProjection,
  filesProjection,
  inspectionsProjection,
  mattersProjection,
  meetingsProjection,
  notificationsProjection,
  rectificationLedgerProjection,
  scoreboardProjection,
  plansProjection,
  specialGroupsProjection,
  taskLedgerProjection,
  taskLedgerProjectionFor,
  unitsProjection,
  urgingsProjection,
  instructionsProjection,
  type Projection,
} from '#read-models';
import type { TaskLightRule } from '#domain';

/**
 * Every read model the API process runs. Each capability adds its projections here; the
 * platform starts them, waits on them for read-your-writes and reports them in
 * `/admin/projections`.
 */
export const API_PROJECTIONS: Projection[] = [
  taskLedgerProjection,
  decisionsProjection,
  mattersProjection,
  inspectionsProjection,
  rectificationLedgerProjection,
  meetingsProjection,
  notificationsProjection,
  evaluationsProjection,
  exemplarsProjection,
  scoreboardProjection,
  specialGroupsProjection,
  plansProjection,
  unitsProjection,
  urgingsProjection,
  instructionsProjection,
  filesProjection,
  auditLogProjection,
];

/**
 * The read models with the configured light `rule` (WARNING_WINDOW): the task ledger's summary
 * roll-up counts the yellow instants it gives.
 */
export function apiProjections(rule: TaskLightRule): Projection[] {
  return API_PROJECTIONS.map((p) => (p === taskLedgerProjection ? taskLedgerProjectionFor(rule) : p));
}
