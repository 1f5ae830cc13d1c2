import type { LedgerScope } from '#domain';
import type { SqlFilter } from '../access/read-scope.sql.js';
import { TASK_LEDGER_TABLE } from './task-ledger.projection.js';

/**
 * Above this many commissioned units and groups a scoped page walks the ledger in its order
 * instead (`tasks_created`): so many subjects cover much of the ledger, and the walk finds a
 * page of matches soon.
 */
export const SCOPED_PAGE_MAX_ARMS = 16;

/**
 * The WHERE clause of an evaluator's ledger page (`canReadTask`'s scope) as a union of index
 * walks, each stopping after a page: the commissioned tasks by id, each commissioned unit on
 * `tasks_lead_unit`, each commissioned group on `tasks_group`, every one with the page's other
 * filters and keyset (`base`); the page is then the first `limit` of at most `limit` rows per
 * walk. The same rows as `base AND taskReadSql(scope)` (the union of the scope's three tests),
 * but SQLite plans that OR as a multi-index OR that gathers every task of the scope and sorts
 * them all for one page (about 12,000 rows in bench:api's evaluator row, 66x the unscoped
 * page's p99). Null when the scope is better left to `taskReadSql`: the whole ledger, nothing
 * commissioned, or more than {@link SCOPED_PAGE_MAX_ARMS} units and groups.
 */
export function scopedPageWhere(scope: LedgerScope, base: SqlFilter, limit: number): SqlFilter | null {
  if (scope.all) return null;
  const arms = scope.units.size + scope.groups.size;
  if (arms === 0 && scope.taskIds.size === 0) return null;
  if (arms > SCOPED_PAGE_MAX_ARMS) return null;
  const walks: string[] = [];
  const params: unknown[] = [];
  const walk = (test: string, value: unknown) => {
    walks.push(`SELECT id FROM (SELECT id FROM ${TASK_LEDGER_TABLE} WHERE ${base.sql} AND ${test} ORDER BY created_at, id LIMIT ?)`);
    params.push(...base.params, value, limit);
  };
  if (scope.taskIds.size > 0) walk('id IN (SELECT value FROM json_each(?))', JSON.stringify([...scope.taskIds]));
  for (const unit of scope.units) walk('lead_unit = ?', unit);
  for (const group of scope.groups) walk('special_group = ?', group);
  return { sql: `id IN (${walks.join(' UNION ALL ')})`, params };
}
