import { instantMs, taskReporting, type ReportingStatus, type Task } from '#domain';

/*
 * `reporting` on the ledger's list items (`GET /tasks`, the export): the domain's `taskReporting`,
 * the one function the single answer uses, on the facts of the stored document. The SQL-rendered
 * pages never parse a whole document: SQLite extracts these few facts of the tasks with a
 * reporting cycle only, and the status is computed here from them.
 */

/** The facts of a task `taskReporting` reads (a report by its instant only). */
type ReportingFacts = Pick<Task, 'reportingCycle' | 'acceptedAt' | 'cancelledAt'> & { progressReports?: ReadonlyArray<{ at: string }> };

/**
 * SQL rendering a stored document's {@link ReportingFacts} as JSON (a report as its `at` only), or
 * NULL for a task without a reporting cycle. `alias` qualifies the `doc` column.
 */
export function reportingFactsSql(alias?: string): string {
  const doc = alias ? `${alias}.doc` : 'doc';
  return `(CASE WHEN json_type(${doc}, '$.reportingCycle') = 'object' THEN json_object(
    'reportingCycle', json_extract(${doc}, '$.reportingCycle'),
    'progressReports', (SELECT json_group_array(json_object('at', json_extract(pr.value, '$.at')))
                        FROM json_each(${doc}, '$.progressReports') pr),
    'acceptedAt', json_extract(${doc}, '$.acceptedAt'),
    'cancelledAt', json_extract(${doc}, '$.cancelledAt')) END)`;
}

/**
 * A list item's `reporting` at `nowMs` in `timeZone`, from the task (or its facts). Only what
 * had happened by `nowMs` counts (a page as of a past moment reads today's document): reports
 * after it, and a closing after it, are left out.
 */
export function listItemReporting(task: ReportingFacts | null, nowMs: number, timeZone: string): ReportingStatus | null {
  if (!task?.reportingCycle) return null;
  const by = (at: string | null | undefined) => (at != null && instantMs(at) <= nowMs ? at : null);
  return taskReporting(
    {
      reportingCycle: task.reportingCycle,
      progressReports: (task.progressReports ?? []).filter((r) => by(r.at) !== null),
      acceptedAt: by(task.acceptedAt),
      cancelledAt: by(task.cancelledAt),
    },
    nowMs,
    timeZone,
  );
}

/** {@link listItemReporting} of the JSON {@link reportingFactsSql} rendered (NULL: no cycle). */
export function listItemReportingJson(facts: string | null, nowMs: number, timeZone: string): string {
  return JSON.stringify(facts === null ? null : listItemReporting(JSON.parse(facts) as ReportingFacts, nowMs, timeZone));
}
