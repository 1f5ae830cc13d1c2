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
  unitsProjection,
  urgingsProjection,
  instructionsProjection,
  type Projection,
} from '#read-models';

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
