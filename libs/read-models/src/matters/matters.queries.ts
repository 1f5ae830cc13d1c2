import type Database from 'better-sqlite3';
import { pendingSigners, type Matter, type MatterStatus, type Reader } from '#domain';
import { MATTER_READERS_TABLE, matterReadSql } from '../access/read-scope.sql.js';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { normalizeSearchText, type SearchCursor } from '../search/search-index.js';
import { MATTER_AWAITING_TABLE, MATTERS_TABLE, matterSearch } from './matters.projection.js';

/** A matter as `GET /matters/:id` shows it: the decider's state and its stream revision. */
export type MatterView = Matter & { revision: number };

/** Filters of `GET /matters`. */
export interface MatterFilter {
  /** Only matters where this user is a pending signer; the page is then ordered by deadline. */
  awaiting?: string;
  status?: MatterStatus;
  submittedBy?: string;
  /**
   * Only what this reader may read (`canReadMatter`); without it every matter. A reader who
   * does not read them all walks their own rows of the readers table in the list's order.
   */
  reader?: Reader;
  /**
   * Text: any substring (or pinyin) of the title or body. The page is then ranked (title
   * matches first, most recently submitted first) and paged by `searchAfter`.
   */
  q?: string;
  limit: number;
  /**
   * Keyset: the sort key of the last row of the previous page. With `awaiting` it is
   * `[deadlineSort, id]` (see `NO_DEADLINE_SORT`), otherwise `[submittedAt, id]`.
   */
  after?: [number | string, string] | null;
  /** Keyset with `q`: the cursor of the previous page's last hit. */
  searchAfter?: SearchCursor | null;
}

/** A listed matter with the key it was sorted by, for the next page's cursor. */
export interface MatterListRow {
  /** With `q`, where the matter matched (`title`, `body` or `pinyin`). */
  matter: MatterView & { matchedIn?: string };
  sortKey: [number | string, string] | SearchCursor;
}

/** One matter, or null. */
export function getMatter(db: Database.Database, id: string): MatterView | null {
  const doc = readDocument<Matter | null>(db, MATTERS_TABLE, id);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/**
 * A page of matters, `limit + 1` rows to detect a next page. With `q` ranked (see
 * {@link MatterFilter.q}); else with `awaiting` the caller's inbox, oldest deadline first and
 * matters without a deadline last; otherwise oldest submission first.
 */
export function listMatters(db: Database.Database, f: MatterFilter): MatterListRow[] {
  const where: string[] = ['m.status IS NOT NULL'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.status) add('m.status = ?', f.status);
  if (f.submittedBy) add('m.submitted_by = ?', f.submittedBy);
  const scope = f.reader ? matterReadSql(f.reader, 'm') : null;
  if (f.q !== undefined && normalizeSearchText(f.q) !== '') {
    if (f.awaiting !== undefined)
      add(`EXISTS (SELECT 1 FROM ${MATTER_AWAITING_TABLE} a WHERE a.matter_id = m.id AND a.user_id = ?)`, f.awaiting);
    if (scope) add(scope.sql, ...scope.params);
    const hits = matterSearch.page<{ doc: string; revision: number }>(db, f.q, {
      limit: f.limit,
      after: f.searchAfter ?? null,
      select: 'm.doc AS doc, m.revision AS revision',
      join: `${MATTERS_TABLE} m ON m.id = k.s_id`,
      where: where.join(' AND '),
      params,
    });
    return hits.map((h) => ({
      matter: { ...(JSON.parse(h.row.doc) as Matter), revision: h.row.revision, matchedIn: h.matchedIn },
      sortKey: h.cursor,
    }));
  }
  let sql: string;
  if (f.awaiting !== undefined) {
    // A pending signer reads the matter, but the reader need not be the one awaited.
    if (scope) add(scope.sql, ...scope.params);
    add('a.user_id = ?', f.awaiting);
    if (f.after) add('(a.deadline_sort, a.matter_id) > (?, ?)', f.after[0], f.after[1]);
    sql = `SELECT m.doc, m.revision, a.deadline_sort AS k FROM ${MATTER_AWAITING_TABLE} a JOIN ${MATTERS_TABLE} m ON m.id = a.matter_id
           WHERE ${where.join(' AND ')} ORDER BY a.deadline_sort, a.matter_id LIMIT ?`;
  } else if (scope && f.reader) {
    // The reader's own rows, in submission order: the same rows as matterReadSql's EXISTS.
    add('rd.user_id = ?', f.reader.id);
    if (f.after) add('(rd.submitted_at, rd.matter_id) > (?, ?)', f.after[0], f.after[1]);
    sql = `SELECT m.doc, m.revision, rd.submitted_at AS k FROM ${MATTER_READERS_TABLE} rd JOIN ${MATTERS_TABLE} m ON m.id = rd.matter_id
           WHERE ${where.join(' AND ')} ORDER BY rd.submitted_at, rd.matter_id LIMIT ?`;
  } else {
    if (f.after) add('(m.submitted_at, m.id) > (?, ?)', f.after[0], f.after[1]);
    sql = `SELECT m.doc, m.revision, m.submitted_at AS k FROM ${MATTERS_TABLE} m
           WHERE ${where.join(' AND ')} ORDER BY m.submitted_at, m.id LIMIT ?`;
  }
  const rows = db.prepare(sql).all(...params, f.limit + 1) as Array<{ doc: string; revision: number; k: number | string }>;
  return rows.map((r) => {
    const matter = { ...(JSON.parse(r.doc) as Matter), revision: r.revision };
    return { matter, sortKey: [r.k, matter.id] };
  });
}

/** What the reminder engine needs about one pending matter that has a deadline. */
export interface PendingMatterDeadline {
  matterId: string;
  /** ISO 8601 UTC; `ExpireMatter` is accepted from this instant on. */
  deadline: string;
  /** User ids whose signature is awaited now (in `sequential`, only the current signer). */
  pending: string[];
  /** Stream revision the answer was read at, to pin or to detect a changed line-up. */
  revision: number;
}

/**
 * Every still-pending matter with a deadline, soonest first: the reminder engine schedules
 * reminders to `pending` before `deadline` and sends `ExpireMatter` at it.
 */
export function listPendingMattersWithDeadline(db: Database.Database): PendingMatterDeadline[] {
  const rows = db
    .prepare(`SELECT doc, revision FROM ${MATTERS_TABLE} WHERE status = 'pending' AND deadline_ms IS NOT NULL ORDER BY deadline_ms, id`)
    .all() as Array<{ doc: string; revision: number }>;
  return rows.map((r) => {
    const matter = JSON.parse(r.doc) as Matter;
    return { matterId: matter.id, deadline: matter.deadline!, pending: pendingSigners(matter), revision: r.revision };
  });
}
