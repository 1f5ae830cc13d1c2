import type Database from 'better-sqlite3';
import { NOTIFICATIONS_TABLE, REMINDER_FAILURES_TABLE } from './notifications.projection.js';

/** An inbox entry as API.md shows it. */
export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  refs: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

interface Row {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  refs: string;
  created_at: string;
  read_at: string | null;
}

const view = (r: Row): NotificationView => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  refs: JSON.parse(r.refs) as Record<string, unknown>,
  createdAt: r.created_at,
  readAt: r.read_at,
});

/**
 * A page of an inbox, newest first; fetches `limit + 1` to detect a next page. Several
 * recipients merge into one inbox (a user's own and their unit's shared address).
 */
export function listNotifications(
  db: Database.Database,
  recipient: string | string[],
  f: { limit: number; unread?: boolean; after?: [string, string] | null },
): NotificationView[] {
  const recipients = typeof recipient === 'string' ? [recipient] : recipient;
  const rows = db
    .prepare(
      `SELECT * FROM ${NOTIFICATIONS_TABLE} WHERE recipient IN (${recipients.map(() => '?').join(', ')})
        ${f.unread ? 'AND read_at IS NULL' : ''}
       ${f.after ? 'AND (created_at, id) < (?, ?)' : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(...recipients, ...(f.after ? [f.after[0], f.after[1]] : []), f.limit + 1) as Row[];
  return rows.map(view);
}

/** One notification with its recipient, or null. */
export function getNotification(db: Database.Database, id: string): (NotificationView & { recipient: string }) | null {
  const row = db.prepare(`SELECT * FROM ${NOTIFICATIONS_TABLE} WHERE id = ?`).get(id) as Row | undefined;
  return row ? { ...view(row), recipient: row.recipient } : null;
}

/** How many notifications one recipient (or everyone) has; for metrics and diagnostics. */
export function countNotifications(db: Database.Database, recipient?: string): number {
  const row = (
    recipient
      ? db.prepare(`SELECT COUNT(*) AS n FROM ${NOTIFICATIONS_TABLE} WHERE recipient = ?`).get(recipient)
      : db.prepare(`SELECT COUNT(*) AS n FROM ${NOTIFICATIONS_TABLE}`).get()
  ) as { n: number };
  return row.n;
}

/** Inbox entries by kind, over every recipient: each delivered reminder is one entry. */
export function countNotificationsByKind(db: Database.Database): Array<{ kind: string; count: number }> {
  return db.prepare(`SELECT kind, COUNT(*) AS count FROM ${NOTIFICATIONS_TABLE} GROUP BY kind ORDER BY kind`).all() as Array<{
    kind: string;
    count: number;
  }>;
}

/** Reminders whose channel kept failing, by notification kind (`item_overdue`) and channel (`dingtalk`). */
export function countReminderFailures(db: Database.Database): Array<{ kind: string; channel: string; count: number }> {
  return db
    .prepare(`SELECT kind, channel, COUNT(*) AS count FROM ${REMINDER_FAILURES_TABLE} GROUP BY kind, channel ORDER BY kind, channel`)
    .all() as Array<{ kind: string; channel: string; count: number }>;
}
