import type Database from 'better-sqlite3';
import { calendarYearOf, ledgerNumber, subtaskLedgerNumber, type TaskRegistered } from '#domain';
import type { RecordedEvent } from '#event-store';
import { prepared } from '../prepared.js';

/** Every task's ledger number (and how many sub-tasks it has), by id: what sub-tasks number from. */
export const TASK_NUMBERS_TABLE = 'task_numbers';
/** Per calendar year, how many tasks recorded before numbers existed the ledger numbered. */
export const TASK_LEGACY_YEARS_TABLE = 'task_legacy_years';

/** The tables' DDL (run by the ledger's `migrate`). Found by primary key only, so rebuilds defer nothing. */
export const TASK_NUMBERS_DDL = `
  CREATE TABLE IF NOT EXISTS ${TASK_NUMBERS_TABLE} (task_id TEXT PRIMARY KEY, number TEXT, children INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS ${TASK_LEGACY_YEARS_TABLE} (year INTEGER PRIMARY KEY, count INTEGER NOT NULL);
`;

type Registration = TaskRegistered['data'];

/**
 * A `TaskRegistered` as the ledger folds it: with its ledger number. New tasks carry theirs;
 * a task recorded before numbers existed gets the next of its calendar year's (in `timeZone`)
 * in registration order, the order the ledger folds registrations in, and a sub-task without
 * one its parent's number and its place (recorded, or its rank among its siblings for
 * sub-tasks older than places). The store's events are never rewritten: the number is derived
 * again, identically, whenever the ledger is rebuilt. A registration already folded (a replayed
 * batch) keeps the number it got, so nothing is counted twice.
 */
export function numberedRegistration(db: Database.Database, event: RecordedEvent, timeZone: string): RecordedEvent {
  if (event.type !== 'TaskRegistered') return event;
  const d = event.data as Registration;
  const known = prepared(db, `SELECT number FROM ${TASK_NUMBERS_TABLE} WHERE task_id = ?`).pluck().get(d.taskId) as
    string | null | undefined;
  if (known !== undefined) return known === null || d.number !== undefined ? event : withNumber(event, d, known);
  const number = d.number ?? derivedNumber(db, d, timeZone);
  prepared(db, `INSERT INTO ${TASK_NUMBERS_TABLE} (task_id, number) VALUES (?, ?)`).run(d.taskId, number);
  if (d.parentId !== undefined) prepared(db, `UPDATE ${TASK_NUMBERS_TABLE} SET children = children + 1 WHERE task_id = ?`).run(d.parentId);
  return number === null || d.number !== undefined ? event : withNumber(event, d, number);
}

function derivedNumber(db: Database.Database, d: Registration, timeZone: string): string | null {
  if (d.parentId === undefined) {
    const year = calendarYearOf(d.registeredAt, timeZone);
    const count = prepared(
      db,
      `INSERT INTO ${TASK_LEGACY_YEARS_TABLE} (year, count) VALUES (?, 1)
         ON CONFLICT(year) DO UPDATE SET count = count + 1 RETURNING count`,
    )
      .pluck()
      .get(year) as number;
    return ledgerNumber(year, count);
  }
  const parent = prepared(db, `SELECT number, children FROM ${TASK_NUMBERS_TABLE} WHERE task_id = ?`).get(d.parentId) as
    { number: string | null; children: number } | undefined;
  if (!parent?.number) return null;
  return subtaskLedgerNumber(parent.number, d.place ?? parent.children + 1);
}

function withNumber(event: RecordedEvent, d: Registration, number: string): RecordedEvent {
  return { ...event, data: { ...d, number } };
}

/**
 * How many tasks registered in `year` the ledger numbered without a number of their own (tasks
 * recorded before numbers existed): the year's task sequence starts after them.
 */
export function legacyTaskCount(db: Database.Database, year: number): number {
  return (prepared(db, `SELECT count FROM ${TASK_LEGACY_YEARS_TABLE} WHERE year = ?`).pluck().get(year) as number | undefined) ?? 0;
}
