import Database from 'better-sqlite3';
import {
  FINDING_STATUSES,
  isActionItemOverdue,
  isFindingOverdue,
  isTaskOverdue,
  ITEM_STATUSES,
  TASK_STATUSES,
  type FindingStatus,
  type ItemStatus,
  type TaskStatus,
} from '#domain';
import { actionItemOverdueSql, findingOverdueSql, taskOverdueSql } from './overdue.sql.js';

const DEADLINE = '2026-06-30T16:00:00.000Z';
const DEADLINE_MS = Date.parse(DEADLINE);
// Just before, at, and just after the deadline instant; and far on either side.
const NOWS = [DEADLINE_MS - 86_400_000, DEADLINE_MS - 1, DEADLINE_MS, DEADLINE_MS + 1, DEADLINE_MS + 86_400_000];

/** The fragment's value for one row, evaluated by SQLite. */
function sqlSays(db: Database.Database, fragment: string, column: string, status: string, nowMs: number): boolean {
  db.exec('DELETE FROM t');
  db.prepare(`INSERT INTO t (status, ${column}) VALUES (?, ?)`).run(status, DEADLINE_MS);
  const row = db.prepare(`SELECT CASE WHEN ${fragment} THEN 1 ELSE 0 END AS v FROM t r`).get(nowMs) as { v: number };
  return row.v === 1;
}

describe('overdue SQL says what the domain says', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (status TEXT NOT NULL, deadline_ms INTEGER, due_ms INTEGER)');
  });
  afterEach(() => db.close());

  it.each(TASK_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [TaskStatus, number])))('task %s at %d', (status, now) => {
    const domain = isTaskOverdue({ status, deadline: DEADLINE }, now);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', status, now)).toBe(domain);
    expect(sqlSays(db, `NOT ${taskOverdueSql('r')}`, 'deadline_ms', status, now)).toBe(!domain);
  });

  it.each(ITEM_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [ItemStatus, number])))('action item %s at %d', (status, now) => {
    const domain = isActionItemOverdue({ status, deadline: DEADLINE }, now);
    expect(sqlSays(db, actionItemOverdueSql(), 'deadline_ms', status, now)).toBe(domain);
    expect(sqlSays(db, `NOT ${actionItemOverdueSql('r')}`, 'deadline_ms', status, now)).toBe(!domain);
  });

  it.each(FINDING_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [FindingStatus, number])))('finding %s at %d', (status, now) => {
    const domain = isFindingOverdue({ status, rectificationDue: DEADLINE }, now);
    expect(sqlSays(db, findingOverdueSql(), 'due_ms', status, now)).toBe(domain);
    expect(sqlSays(db, `NOT ${findingOverdueSql('r')}`, 'due_ms', status, now)).toBe(!domain);
  });

  it('is on time at the deadline instant itself and overdue one millisecond later', () => {
    expect(isTaskOverdue({ status: 'in_progress', deadline: DEADLINE }, DEADLINE_MS)).toBe(false);
    expect(isTaskOverdue({ status: 'in_progress', deadline: DEADLINE }, DEADLINE_MS + 1)).toBe(true);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', 'in_progress', DEADLINE_MS)).toBe(false);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', 'in_progress', DEADLINE_MS + 1)).toBe(true);
  });
});
