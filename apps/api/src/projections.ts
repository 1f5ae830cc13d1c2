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
  scoreboardProjectionFor,
  plansProjection,
  specialGroupsProjection,
  taskLedgerProjection,
  taskLedgerProjectionFor,
  unitsProjection,
  urgingsProjection,
  instructionsProjection,
  type Projection,
} from '#read-models';
import type { AssessmentRules, TaskLightRule } from '#domain';

/**
 * Every read model the API process runs. Each capability adds its projections here; the
 * platform starts them, waits on them for read-your-writes and reports them in
 * `/admin/projections`. The task ledger takes the configured light `rule` (WARNING_WINDOW: its
 * summary roll-up counts the yellow instants it gives) and `timeZone` (DISPLAY_TIMEZONE: it
 * numbers the tasks recorded before ledger numbers existed per calendar year in it). The
 * scoreboard maintains its board with the assessment `rules` (the rules file) in `timeZone`.
 */
export function apiProjections(rule: TaskLightRule, timeZone: string, rules: AssessmentRules): Projection[] {
  return [
    taskLedgerProjectionFor(rule, timeZone),
    ...OTHER_PROJECTIONS.map((p) => (p === scoreboardProjection ? scoreboardProjectionFor({ rules, timeZone }) : p)),
  ];
}

const OTHER_PROJECTIONS: Projection[] = [
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

/** The API's read models as a deployment that configured nothing has them: their names and tables (specs, tools). */
export const API_PROJECTIONS: Projection[] = [taskLedgerProjection, ...OTHER_PROJECTIONS];
