/*
 * Ledger numbers (台账编号): what a task is called in meetings and documents. A task the office
 * registers gets `2026-0001`, the next number of the yearly sequence `task.<year>` (calendar
 * year of registration in DISPLAY_TIMEZONE), decided by the event store before the task is
 * registered and recorded on its `TaskRegistered`. A sub-task gets its parent's number and its
 * own place among the parent's dispatches (`2026-0001-03`), the place being the order in which
 * the parent's stream recorded them. Tasks recorded before numbers existed have none in their
 * events; the task ledger numbers them in registration order when it folds them, and the
 * yearly sequence starts after them (`AssignNumber.startAfter`), so the two never collide.
 */

/** Digits of the yearly part of a ledger number (more when a year has more tasks). */
const NUMBER_DIGITS = 4;
/** Digits of a sub-task's place (more past 99 sub-tasks). */
const PLACE_DIGITS = 2;

/** The ledger number of the `n`th task registered in `year`: `2026-0001`. */
export function ledgerNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(NUMBER_DIGITS, '0')}`;
}

/** The ledger number of a parent's sub-task at `place` (1 for the first dispatched): `2026-0001-03`. */
export function subtaskLedgerNumber(parentNumber: string, place: number): string {
  return `${parentNumber}-${String(place).padStart(PLACE_DIGITS, '0')}`;
}
