import type Database from 'better-sqlite3';
import {
  instantMs,
  isActionItemOverdue,
  meetingAsReadBy,
  type ItemStatus,
  type Meeting,
  type MeetingItem,
  type Reader,
  type ReminderKind,
} from '#domain';
import { actionItemReadSql, meetingReadSql } from '../access/read-scope.sql.js';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { prepared } from '../prepared.js';
import { actionItemOverdueSql } from '../overdue.sql.js';
import { normalizeSearchText, type SearchCursor } from '../search/search-index.js';
import { ACTION_ITEMS_TABLE, actionItemSearch, ITEM_REMINDERS_TABLE, MEETINGS_TABLE, meetingSearch } from './meetings.projection.js';

const OVERDUE = actionItemOverdueSql();

/** An action item as API.md shows it. */
export interface ActionItemView {
  id: string;
  meetingId: string;
  title: string;
  owner: string;
  ownerUnit: string;
  deadline: string;
  /** `deadline` as the calendar date it was given as (`YYYY-MM-DD`), `null` when given as an instant. */
  deadlineDate: string | null;
  status: ItemStatus;
  overdue: boolean;
  completedAt: string | null;
  decisionId: string | null;
  reminders: Array<{ kind: ReminderKind; at: string; recipient: string }>;
  /** The meeting stream's revision (an item's commands go to its meeting's stream). */
  revision: number;
  /** With `q`: where the item matched (`title` or `pinyin`). */
  matchedIn?: string;
}

/** A meeting with its items. */
export interface MeetingView {
  id: string;
  title: string;
  scheduledAt: string;
  attendees: string[];
  status: Meeting['status'];
  minutes: string | null;
  concludedAt: string | null;
  items: ActionItemView[];
  revision: number;
  /** With `q`: where the meeting matched (`title`, `minutes` or `pinyin`). */
  matchedIn?: string;
}

/** A reminder as an item shows it. */
type ItemReminderView = ActionItemView['reminders'][number];

/** The reminders recorded on their own streams for each of `itemIds`, in planned order. */
function itemReminders(db: Database.Database, itemIds: readonly string[]): Map<string, ItemReminderView[]> {
  const byItem = new Map<string, ItemReminderView[]>();
  if (itemIds.length === 0) return byItem;
  const rows = db
    .prepare(
      `SELECT item_id, kind, at, recipient FROM ${ITEM_REMINDERS_TABLE} WHERE item_id IN ` +
        `(${itemIds.map(() => '?').join(', ')}) ORDER BY item_id, at, reminder_key`,
    )
    .all(...itemIds) as Array<{ item_id: string; kind: ReminderKind; at: string; recipient: string }>;
  for (const r of rows) {
    const list = byItem.get(r.item_id) ?? [];
    list.push({ kind: r.kind, at: r.at, recipient: r.recipient });
    byItem.set(r.item_id, list);
  }
  return byItem;
}

/**
 * The item resource of API.md; `overdue` is computed against `nowMs`. `sent` are the item's
 * reminders recorded on their own streams; those its meeting's stream recorded (older stores)
 * come first.
 */
export function itemView(item: MeetingItem, revision: number, nowMs: number, sent: readonly ItemReminderView[] = []): ActionItemView {
  return {
    id: item.id,
    meetingId: item.meetingId,
    title: item.title,
    owner: item.owner,
    ownerUnit: item.ownerUnit,
    deadline: item.deadline,
    deadlineDate: item.deadlineDate ?? null,
    status: item.status,
    overdue: isActionItemOverdue(item, nowMs),
    completedAt: item.completedAt,
    decisionId: item.decisionId,
    reminders: [...item.reminders.map((r) => ({ kind: r.kind, at: r.at, recipient: r.recipient })), ...sent],
    revision,
  };
}

function meetingView(db: Database.Database, m: Meeting, revision: number, nowMs: number): MeetingView {
  const sent = itemReminders(
    db,
    m.items.map((i) => i.id),
  );
  return {
    id: m.id,
    title: m.title,
    scheduledAt: m.scheduledAt,
    attendees: m.attendees,
    status: m.status,
    minutes: m.minutes,
    concludedAt: m.concludedAt,
    items: m.items.map((i) => itemView(i, revision, nowMs, sent.get(i.id))),
    revision,
  };
}

/** One meeting with its items, or null; with `reader`, as that reader may see it (`meetingAsReadBy`: null when it may not). */
export function getMeeting(db: Database.Database, id: string, nowMs: number, reader?: Reader): MeetingView | null {
  const doc = readDocument<Meeting | null>(db, MEETINGS_TABLE, id);
  const meeting = doc?.state && reader ? meetingAsReadBy(reader, doc.state) : (doc?.state ?? null);
  return meeting && doc ? meetingView(db, meeting, doc.revision, nowMs) : null;
}

/** One action item of a meeting, or null. */
export function getActionItem(db: Database.Database, meetingId: string, itemId: string, nowMs: number): ActionItemView | null {
  const doc = readDocument<Meeting | null>(db, MEETINGS_TABLE, meetingId);
  const item = doc?.state?.items.find((i) => i.id === itemId);
  return item && doc ? itemView(item, doc.revision, nowMs) : null;
}

/** Filters of `GET /meetings`. */
export interface MeetingFilter {
  /**
   * Text: any substring (or pinyin) of the title or minutes. The page is then ranked (title
   * matches first, most recently scheduled first) and paged by `searchAfter`.
   */
  q?: string;
  /** Only the meetings this reader may read, as it may see them (`meetingAsReadBy`); without it every meeting, whole. */
  reader?: Reader;
  limit: number;
  /** Keyset without `q`: `[scheduledAt, id]` of the previous page's last row. */
  after?: [string, string] | null;
  /** Keyset with `q`: the cursor of the previous page's last hit. */
  searchAfter?: SearchCursor | null;
}

/** A listed meeting with the key it was sorted by, for the next page's cursor. */
export interface MeetingListRow {
  meeting: MeetingView;
  sortKey: [string, string] | SearchCursor;
}

/**
 * A page of meetings by scheduled time (with `q` ranked, see {@link MeetingFilter.q});
 * fetches `limit + 1` to detect a next page.
 */
export function listMeetings(db: Database.Database, f: MeetingFilter, nowMs: number): MeetingListRow[] {
  const scope = f.reader ? meetingReadSql(f.reader, ACTION_ITEMS_TABLE, 'm') : null;
  const seen = (m: Meeting): Meeting => (f.reader ? meetingAsReadBy(f.reader, m)! : m);
  if (f.q !== undefined && normalizeSearchText(f.q) !== '') {
    const hits = meetingSearch.page<{ doc: string; revision: number }>(db, f.q, {
      limit: f.limit,
      after: f.searchAfter ?? null,
      select: 'm.doc AS doc, m.revision AS revision',
      join: `${MEETINGS_TABLE} m ON m.id = k.s_id`,
      where: `m.status IS NOT NULL${scope ? ` AND ${scope.sql}` : ''}`,
      ...(scope ? { params: scope.params } : {}),
    });
    return (
      hits
        // A reader who does not see the minutes is not told that they matched (the page may then be short; the cursor still follows the
        // hits).
        .filter((h) => !scope || h.matchedIn !== 'minutes')
        .map((h) => ({
          meeting: { ...meetingView(db, seen(JSON.parse(h.row.doc) as Meeting), h.row.revision, nowMs), matchedIn: h.matchedIn },
          sortKey: h.cursor,
        }))
    );
  }
  const rows = db
    .prepare(
      `SELECT doc, revision FROM ${MEETINGS_TABLE} m WHERE status IS NOT NULL
        ${f.after ? 'AND (scheduled_at, id) > (?, ?)' : ''}${scope ? ` AND ${scope.sql}` : ''}
       ORDER BY scheduled_at, id LIMIT ?`,
    )
    .all(...(f.after ? [f.after[0], f.after[1]] : []), ...(scope?.params ?? []), f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => {
    const meeting = meetingView(db, seen(JSON.parse(r.doc) as Meeting), r.revision, nowMs);
    return { meeting, sortKey: [meeting.scheduledAt, meeting.id] };
  });
}

/** Filters of `GET /action-items`. */
export interface ActionItemFilter {
  owner?: string;
  ownerUnit?: string;
  status?: ItemStatus;
  overdue?: boolean;
  /** Epoch ms: deadline strictly before. */
  dueBeforeMs?: number;
  /** Only the items this reader may read (`canReadActionItem`); without it every item. */
  reader?: Reader;
  /**
   * Text: any substring (or pinyin) of the title. The page is then ranked (most recently
   * added first) and paged by `searchAfter`.
   */
  q?: string;
  limit: number;
  /** Keyset without `q`: `[deadlineMs, itemId]` of the previous page's last row. */
  after?: [number, string] | null;
  /** Keyset with `q`: the cursor of the previous page's last hit. */
  searchAfter?: SearchCursor | null;
}

/** A listed action item with the key it was sorted by, for the next page's cursor. */
export interface ActionItemListRow {
  item: ActionItemView;
  sortKey: [number, string] | SearchCursor;
}

/** A page of action items, earliest deadline first (with `q` ranked, see {@link ActionItemFilter.q}). */
export function listActionItems(db: Database.Database, f: ActionItemFilter, nowMs: number): ActionItemListRow[] {
  const where: string[] = ['1 = 1'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.owner !== undefined) add('owner = ?', f.owner);
  if (f.ownerUnit !== undefined) add('owner_unit = ?', f.ownerUnit);
  if (f.status !== undefined) add('status = ?', f.status);
  if (f.overdue === true) add(OVERDUE, nowMs);
  if (f.overdue === false) add(`NOT ${OVERDUE}`, nowMs);
  if (f.dueBeforeMs !== undefined) add('deadline_ms < ?', f.dueBeforeMs);
  const scope = f.reader ? actionItemReadSql(f.reader) : null;
  if (scope) add(scope.sql, ...scope.params);
  if (f.q !== undefined && normalizeSearchText(f.q) !== '') {
    const hits = actionItemSearch.page<{ doc: string; revision: number }>(db, f.q, {
      limit: f.limit,
      after: f.searchAfter ?? null,
      select: 'ai.doc AS doc, ai.revision AS revision',
      join: `${ACTION_ITEMS_TABLE} ai ON ai.item_id = k.s_id`,
      where: where.join(' AND '),
      params,
    });
    const found = hits.map((h) => ({ hit: h, item: JSON.parse(h.row.doc) as MeetingItem }));
    const sent = itemReminders(
      db,
      found.map((f) => f.item.id),
    );
    return found.map(({ hit, item }) => ({
      item: { ...itemView(item, hit.row.revision, nowMs, sent.get(item.id)), matchedIn: hit.matchedIn },
      sortKey: hit.cursor,
    }));
  }
  if (f.after) add('(deadline_ms, item_id) > (?, ?)', f.after[0], f.after[1]);
  const rows = db
    .prepare(`SELECT doc, revision FROM ${ACTION_ITEMS_TABLE} WHERE ${where.join(' AND ')} ORDER BY deadline_ms, item_id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  const items = rows.map((r) => ({ item: JSON.parse(r.doc) as MeetingItem, revision: r.revision }));
  const sent = itemReminders(
    db,
    items.map((i) => i.item.id),
  );
  return items.map((i) => {
    const item = itemView(i.item, i.revision, nowMs, sent.get(i.item.id));
    return { item, sortKey: [instantMs(item.deadline), item.id] };
  });
}

/** An action item by its id alone (server-made, unique across meetings), or null. */
export function actionItemById(db: Database.Database, itemId: string): MeetingItem | null {
  const doc = prepared(db, `SELECT doc FROM ${ACTION_ITEMS_TABLE} WHERE item_id = ?`).pluck().get(itemId) as string | undefined;
  return doc === undefined ? null : (JSON.parse(doc) as MeetingItem);
}
