import { TASK_FINAL_STATUSES } from '#domain';

/*
 * The domain's overdue rules as SQL, for the read models that filter and count by them. Each
 * fragment is true for a row exactly when the domain function is true for the row's document
 * at the same instant (`overdue.sql.int-spec.ts` evaluates both on the same cases, the
 * deadline instant itself included), binds one parameter, "now" in epoch milliseconds, and
 * reads the columns the projections keep: `status` and the deadline in epoch milliseconds.
 * `alias` qualifies the columns (`r` → `r.status`) in joined queries.
 */

const column = (alias: string | undefined, name: string): string => (alias ? `${alias}.${name}` : name);
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** `isTaskOverdue` over the task ledger's `status` and `deadline_ms`. */
export function taskOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} NOT IN (${sqlList(TASK_FINAL_STATUSES)}) AND ${column(alias, 'deadline_ms')} < ?)`;
}

/** `isActionItemOverdue` over the action-item ledger's `status` and `deadline_ms`. */
export function actionItemOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} = 'open' AND ${column(alias, 'deadline_ms')} < ?)`;
}

/** `isFindingOverdue` over the rectification ledger's `status` and `due_ms`. */
export function findingOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} <> 'closed' AND ${column(alias, 'due_ms')} < ?)`;
}
