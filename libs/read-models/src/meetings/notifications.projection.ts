import type Database from 'better-sqlite3';
import {
  isStreamOf,
  parseStream,
  type NotificationDelivered,
  type NotificationRead,
  type ReminderFailed,
  type ReminderFailedEvent,
  type ReminderSent,
  type ReminderSentEvent,
} from '#domain';
import type { Projection } from '../projection.js';

/** The inbox table: one row per notification. */
export const NOTIFICATIONS_TABLE = 'notifications';
/** One row per reminder and channel that kept failing (`ReminderFailed`), for `/metrics`. */
export const REMINDER_FAILURES_TABLE = 'reminder_failures';
/** The channel of a failure recorded before failures named one: the signed webhook was the only channel. */
const CHANNEL_BEFORE_CHANNELS = 'webhook';

/** Notification kind of an action item's deadline reminder: `item_before`, `item_due`, `item_overdue`. */
export function itemReminderKind(kind: string): string {
  return `item_${kind}`;
}

/**
 * Every user's inbox. Fed by the reminders' `ReminderSent` (stream `reminder-<key>`, the key
 * being the notification id; every subject's reminders, including finding reminders addressed
 * to `unit:<unit>`, a unit's shared inbox) and by `NotificationRead` (the read mark is an
 * event; this row only mirrors it). Stores written before reminders had their own streams hold
 * the old shapes, read here as they always were: an action item's `ReminderSent` on its
 * meeting's stream, a matter's or finding's `NotificationDelivered` on the recipient's inbox
 * stream. Beside the inbox, the reminders' `ReminderFailed` (per reminder and channel) with the
 * notification kind of the reminder that failed, so `/metrics` counts failures by kind and
 * channel; an action item's failure on its meeting's stream (the old shape, no channel) counts
 * as the webhook's.
 */
export const notificationsProjection: Projection = {
  name: 'notifications',
  // 2: item reminders carry their title in refs, and no English subject. 3: reminder failures.
  // 4: a failure counts under its reminder's inbox kind (a task's milestone: `milestone_*`).
  version: 4,
  tables: [NOTIFICATIONS_TABLE, REMINDER_FAILURES_TABLE],
  // The only streams `apply` reads: commands on tasks, matters, ... need not wait for the inbox.
  categories: ['reminder', 'inbox', 'meeting'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${NOTIFICATIONS_TABLE} (
        id TEXT PRIMARY KEY, recipient TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, refs TEXT NOT NULL,
        created_at TEXT NOT NULL, read_at TEXT);
      CREATE INDEX IF NOT EXISTS notifications_inbox ON ${NOTIFICATIONS_TABLE}(recipient, created_at DESC, id DESC);
      CREATE TABLE IF NOT EXISTS ${REMINDER_FAILURES_TABLE} (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, failed_at TEXT NOT NULL);
    `);
  },
  apply(db, event) {
    switch (event.type) {
      case 'ReminderSent': {
        if (isStreamOf(event.stream, 'reminder')) {
          const d = event.data as ReminderSentEvent['data'];
          insert(db, {
            id: d.reminderKey,
            recipient: d.recipient,
            kind: d.notification.kind,
            subject: d.notification.subject,
            refs: d.notification.refs,
            createdAt: d.sentAt,
          });
          return;
        }
        // The old shape: an action item's reminder recorded on its meeting's stream.
        if (!isStreamOf(event.stream, 'meeting')) return;
        const d = event.data as ReminderSent['data'];
        insert(db, {
          id: d.reminderKey,
          recipient: d.recipient,
          kind: itemReminderKind(d.kind),
          // Words are the edge's: the API renders the subject from the kind and these refs in the
          // reader's language; the title stands in for it anywhere else.
          subject: d.title,
          refs: { meetingId: d.meetingId, itemId: d.itemId, deadline: d.deadline, reminderKind: d.kind, title: d.title },
          createdAt: d.at,
        });
        return;
      }
      case 'ReminderFailed': {
        if (isStreamOf(event.stream, 'reminder')) {
          const d = event.data as ReminderFailedEvent['data'];
          // The kind of the inbox entry the reminder made on the same stream (`milestone_due` for a
          // task's milestone), which `/metrics` counts sent reminders by.
          const sent = db.prepare(`SELECT kind FROM ${NOTIFICATIONS_TABLE} WHERE id = ?`).get(parseStream(event.stream).id) as
            { kind: string } | undefined;
          insertFailure(db, {
            id: d.reminderKey,
            kind: sent?.kind ?? `${d.subject}_${d.kind}`,
            channel: d.channel,
            recipient: d.recipient,
            failedAt: d.failedAt,
          });
          return;
        }
        if (!isStreamOf(event.stream, 'meeting')) return;
        const d = event.data as ReminderFailed['data'];
        insertFailure(db, {
          id: d.reminderKey,
          kind: itemReminderKind(d.kind),
          channel: CHANNEL_BEFORE_CHANNELS,
          recipient: d.recipient,
          failedAt: d.failedAt,
        });
        return;
      }
      case 'NotificationDelivered': {
        // The old shape of a matter's or finding's reminder.
        if (!isStreamOf(event.stream, 'inbox')) return;
        const d = event.data as NotificationDelivered['data'];
        insert(db, { id: d.notificationId, recipient: d.userId, kind: d.kind, subject: d.subject, refs: d.refs, createdAt: d.deliveredAt });
        return;
      }
      case 'NotificationRead': {
        if (!isStreamOf(event.stream, 'inbox')) return;
        const d = event.data as NotificationRead['data'];
        // A unit's shared notification is read for the whole unit by whichever member reads it
        // (the route lets only that unit's members mark it).
        db.prepare(
          `UPDATE ${NOTIFICATIONS_TABLE} SET read_at = COALESCE(read_at, ?) WHERE id = ? AND (recipient = ? OR recipient LIKE 'unit:%')`,
        ).run(d.readAt, d.notificationId, d.userId);
        return;
      }
      default:
        return;
    }
  },
};

function insert(
  db: Database.Database,
  n: { id: string; recipient: string; kind: string; subject: string; refs: Record<string, unknown>; createdAt: string },
): void {
  db.prepare(
    `INSERT INTO ${NOTIFICATIONS_TABLE} (id, recipient, kind, subject, refs, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(id) DO NOTHING`,
  ).run(n.id, n.recipient, n.kind, n.subject, JSON.stringify(n.refs), n.createdAt);
}

function insertFailure(db: Database.Database, f: { id: string; kind: string; channel: string; recipient: string; failedAt: string }): void {
  db.prepare(
    `INSERT INTO ${REMINDER_FAILURES_TABLE} (id, kind, channel, recipient, failed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO NOTHING`,
  ).run(f.id, f.kind, f.channel, f.recipient, f.failedAt);
}
