import type { TaskLightRule } from '#domain';
import { taskLightSql } from '../overdue.sql.js';
import { TASK_HISTORY_TABLE } from './task-history.js';
import { TASK_LEDGER_TABLE } from './task-ledger.projection.js';

/**
 * The orders `GET /tasks?sort=` offers: a field, ascending, or with `-` descending. `light`
 * ascending is the most urgent first (red, yellow, green, then tasks without a light).
 */
export const TASK_SORTS = ['deadline', '-deadline', 'light', '-light', 'progress', '-progress', 'updatedAt', '-updatedAt'] as const;
/** One of {@link TASK_SORTS}. */
export type TaskSort = (typeof TASK_SORTS)[number];

/**
 * How a ledger page is ordered: by `key` (an SQL expression over the ledger row's columns,
 * binding `params(now)`; a number for every sort, text for registration order), then by `id`, both ascending or both descending. The keyset
 * of the
 * next page is `(key, id)` of the last row, so the order is total and stable: ties of the key
 * are broken by id, never by the order SQLite happens to return.
 */
export interface TaskOrder {
  key: string;
  params(nowMs: number): number[];
  desc: boolean;
}

/**
 * The order of a sort; without one, registration order (`created_at`), as the ledger has always
 * been paged. The light is the rule's own SQL fragment (`taskLightSql`, the twin of the domain's
 * `taskLight`) judged at the page's moment, ranked; so a light sort's pages follow the lights
 * of that moment, and a task whose light changes between two pages may be seen twice or not at all.
 */
export function taskOrder(sort: TaskSort | undefined, rule: TaskLightRule): TaskOrder {
  const desc = sort?.startsWith('-') ?? false;
  const field = sort?.replace(/^-/, '');
  switch (field) {
    case undefined:
      return { key: 'created_at', params: () => [], desc };
    case 'deadline':
      return { key: 'deadline_ms', params: () => [], desc };
    case 'progress':
      return { key: 'progress', params: () => [], desc };
    case 'updatedAt':
      // Every event sets `updatedAt`; as epoch milliseconds, whatever offset its text was written with.
      return { key: `CAST(ROUND(unixepoch(json_extract(doc, '$.updatedAt'), 'subsec') * 1000) AS INTEGER)`, params: () => [], desc };
    case 'light': {
      const light = taskLightSql(rule);
      return {
        key: `(CASE ${light.sql} WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 ELSE 3 END)`,
        params: light.params,
        desc,
      };
    }
    default:
      throw new RangeError(`unknown task sort ${String(sort)}`);
  }
}

/**
 * The rows of the ledger as it stood at a moment (`GET /tasks?asOf=`), under the ledger's own
 * column names, so every filter, order and rendering of a page reads them unchanged: the
 * columns the history keeps (area, group, unit and the rule columns the overdue and light
 * fragments read) are the stretch valid at that moment; the rest (the document, key point,
 * parent, acknowledgement, revision) are the task now, so a milestone completed since shows
 * completed. Binds the moment twice.
 */
export const TASKS_AS_OF = `(SELECT t.id, t.doc, t.revision, t.created_at, t.key_point_id, t.parent_id, t.acknowledged_at,
    h.area, h.special_group, h.lead_unit, h.status, h.deadline_ms, h.next_due_ms, h.created_ms, h.progress, h.ack_due_ms, h.report_due_ms,
    h.pending_extension
  FROM ${TASK_HISTORY_TABLE} h JOIN ${TASK_LEDGER_TABLE} t ON t.id = h.task_id
  WHERE h.valid_from_ms <= ? AND (h.valid_to_ms IS NULL OR h.valid_to_ms > ?))`;
