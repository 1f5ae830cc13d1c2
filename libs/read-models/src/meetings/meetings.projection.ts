import {
  evolveMeeting,
  initialMeetingState,
  instantMs,
  isStreamOf,
  type Meeting,
  type MeetingEvent,
  type MeetingItem,
  type MeetingState,
  type ReminderSentEvent,
} from '#domain';
import type { Projection } from '../projection.js';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';
import { SearchIndex } from '../search/search-index.js';

/** One row per meeting; the document is the decider's own state, items included. */
export const MEETINGS_TABLE = 'meetings';
/** One row per action item, for `GET /action-items` filters without scanning meeting documents. */
export const ACTION_ITEMS_TABLE = 'action_items';
/** One row per reminder an action item got (recorded on the reminder's own stream). */
export const ITEM_REMINDERS_TABLE = 'item_reminders';

/** What `q` searches in a meeting: its title (ranked first, with pinyin) and minutes. */
export const meetingSearch = new SearchIndex<Meeting>({
  prefix: MEETINGS_TABLE,
  primary: { name: 'title', text: (m) => m.title, pinyin: 'text' },
  fields: [{ name: 'minutes', text: (m) => m.minutes }],
});

/** What `q` searches in an action item: its title, with pinyin. */
export const actionItemSearch = new SearchIndex<MeetingItem>({
  prefix: ACTION_ITEMS_TABLE,
  primary: { name: 'title', text: (i) => i.title, pinyin: 'text' },
  fields: [],
});

/** The meeting documents and their item rows, folded with the meeting decider's own `evolve`. */
const meetingDocuments = aggregateDocumentProjection<MeetingState>({
  name: 'meetings',
  // 2: the search indexes.
  // 3: items carry `deadlineDate` (null for deadlines given as instants).
  version: 3,
  category: 'meeting',
  table: MEETINGS_TABLE,
  sideTables: [ACTION_ITEMS_TABLE, ...actionItemSearch.tables],
  search: meetingSearch,
  initialState: initialMeetingState,
  evolve: (s, e) => evolveMeeting(s, e as MeetingEvent),
  columns: { status: 'TEXT', scheduled_at: 'TEXT' },
  toColumns: (s) => ({ status: s?.status ?? null, scheduled_at: s?.scheduledAt ?? null }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS meetings_scheduled ON ${MEETINGS_TABLE}(scheduled_at, id);
      CREATE TABLE IF NOT EXISTS ${ACTION_ITEMS_TABLE} (
        item_id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, owner TEXT NOT NULL, owner_unit TEXT NOT NULL,
        status TEXT NOT NULL, deadline_ms INTEGER NOT NULL, revision INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS action_items_owner ON ${ACTION_ITEMS_TABLE}(owner, status, deadline_ms);
      CREATE INDEX IF NOT EXISTS action_items_unit ON ${ACTION_ITEMS_TABLE}(owner_unit, status, deadline_ms);
      CREATE INDEX IF NOT EXISTS action_items_deadline ON ${ACTION_ITEMS_TABLE}(status, deadline_ms, item_id);
    `);
    actionItemSearch.migrate(db);
  },
  afterApply(db, _id, state, event) {
    const itemId = (event.data as { itemId?: unknown }).itemId;
    if (state === null || typeof itemId !== 'string') return;
    const item = state.items.find((i) => i.id === itemId);
    if (!item) return;
    db.prepare(
      `INSERT INTO ${ACTION_ITEMS_TABLE} (item_id, meeting_id, owner, owner_unit, status, deadline_ms, revision, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(item_id) DO UPDATE SET status = excluded.status, deadline_ms = excluded.deadline_ms,
         revision = excluded.revision, doc = excluded.doc`,
    ).run(item.id, item.meetingId, item.owner, item.ownerUnit, item.status, instantMs(item.deadline), event.revision, JSON.stringify(item));
    actionItemSearch.write(db, item.id, item);
  },
});

/**
 * Joint meetings (联席会议) and their action items. The meeting and item tables are written in
 * the same transaction from the same fold, so a meeting and its item rows never disagree. An
 * item's `reminders` are the ones its meeting's stream recorded (stores written before
 * reminders had their own streams) followed by its rows in {@link ITEM_REMINDERS_TABLE}, fed
 * by the `ReminderSent` events of `reminder-<key>` streams about items.
 */
export const meetingsProjection: Projection = {
  ...meetingDocuments,
  tables: [...meetingDocuments.tables, ITEM_REMINDERS_TABLE],
  categories: ['meeting', 'reminder'],
  migrate(db) {
    meetingDocuments.migrate(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${ITEM_REMINDERS_TABLE} (
        reminder_key TEXT PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, recipient TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS item_reminders_item ON ${ITEM_REMINDERS_TABLE}(item_id, at);
    `);
  },
  apply(db, event) {
    if (!isStreamOf(event.stream, 'reminder')) return meetingDocuments.apply(db, event);
    if (event.type !== 'ReminderSent') return;
    const d = event.data as ReminderSentEvent['data'];
    if (d.subject !== 'item') return;
    db.prepare(
      `INSERT INTO ${ITEM_REMINDERS_TABLE} (reminder_key, item_id, kind, at, recipient) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(d.reminderKey, d.itemId, d.kind, d.at, d.recipient);
  },
};
