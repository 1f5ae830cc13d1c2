import type Database from 'better-sqlite3';
import { isActionItemOverdue, type ItemStatus, type Meeting, type MeetingItem, type ReminderKind } from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { actionItemOverdueSql } from '../overdue.sql.js';
import { ACTION_ITEMS_TABLE, MEETINGS_TABLE } from './meetings.projection.js';

const OVERDUE = actionItemOverdueSql();

/** An action item as API.md shows it. */
export interface ActionItemView {
  id: string;
  meetingId: string;
  title: string;
  owner: string;
  ownerUnit: string;
  deadline: string;
  status: ItemStatus;
  overdue: boolean;
  completedAt: string | null;
  decisionId: string | null;
  reminders: Array<{ kind: ReminderKind; at: string; recipient: string }>;
  /** The meeting stream's revision (an item's commands go to its meeting's stream). */
  revision: number;
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
}

/** The item resource of API.md; `overdue` is computed against `nowMs`. */
export function itemView(item: MeetingItem, revision: number, nowMs: number): ActionItemView {
  return {
    id: item.id,
    meetingId: item.meetingId,
    title: item.title,
    owner: item.owner,
    ownerUnit: item.ownerUnit,
    deadline: item.deadline,
    status: item.status,
    overdue: isActionItemOverdue(item, nowMs),
    completedAt: item.completedAt,
    decisionId: item.decisionId,
    reminders: item.reminders.map((r) => ({ kind: r.kind, at: r.at, recipient: r.recipient })),
    revision,
  };
}

function meetingView(m: Meeting, revision: number, nowMs: number): MeetingView {
  return {
    id: m.id,
    title: m.title,
    scheduledAt: m.scheduledAt,
    attendees: m.attendees,
    status: m.status,
    minutes: m.minutes,
    concludedAt: m.concludedAt,
    items: m.items.map((i) => itemView(i, revision, nowMs)),
    revision,
  };
}

/** One meeting with its items, or null. */
export function getMeeting(db: Database.Database, id: string, nowMs: number): MeetingView | null {
  const doc = readDocument<Meeting | null>(db, MEETINGS_TABLE, id);
  return doc?.state ? meetingView(doc.state, doc.revision, nowMs) : null;
}

/** One action item of a meeting, or null. */
export function getActionItem(db: Database.Database, meetingId: string, itemId: string, nowMs: number): ActionItemView | null {
  const doc = readDocument<Meeting | null>(db, MEETINGS_TABLE, meetingId);
  const item = doc?.state?.items.find((i) => i.id === itemId);
  return item && doc ? itemView(item, doc.revision, nowMs) : null;
}

/** A page of meetings by scheduled time; fetches `limit + 1` to detect a next page. */
export function listMeetings(db: Database.Database, f: { limit: number; after?: [string, string] | null }, nowMs: number): MeetingView[] {
  const rows = db
    .prepare(
      `SELECT doc, revision FROM ${MEETINGS_TABLE} WHERE status IS NOT NULL ${f.after ? 'AND (scheduled_at, id) > (?, ?)' : ''}
       ORDER BY scheduled_at, id LIMIT ?`,
    )
    .all(...(f.after ? [f.after[0], f.after[1]] : []), f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => meetingView(JSON.parse(r.doc) as Meeting, r.revision, nowMs));
}

/** Filters of `GET /action-items`. */
export interface ActionItemFilter {
  owner?: string;
  ownerUnit?: string;
  status?: ItemStatus;
  overdue?: boolean;
  /** Epoch ms: deadline strictly before. */
  dueBeforeMs?: number;
  limit: number;
  /** Keyset: `[deadlineMs, itemId]` of the previous page's last row. */
  after?: [number, string] | null;
}

/** A page of action items, earliest deadline first. */
export function listActionItems(db: Database.Database, f: ActionItemFilter, nowMs: number): ActionItemView[] {
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
  if (f.after) add('(deadline_ms, item_id) > (?, ?)', f.after[0], f.after[1]);
  const rows = db
    .prepare(`SELECT doc, revision FROM ${ACTION_ITEMS_TABLE} WHERE ${where.join(' AND ')} ORDER BY deadline_ms, item_id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => itemView(JSON.parse(r.doc) as MeetingItem, r.revision, nowMs));
}
