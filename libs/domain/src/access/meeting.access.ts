import type { Role } from '../shared/decider.js';
import type { Meeting, MeetingItem } from '../meeting/meeting.state.js';
import { isDepartmentOf, readsAll, type Reader } from './reader.js';

/** Roles that read every meeting and action item (API.md "Who may read what"). */
export const MEETING_READERS_OF_ALL = ['reform_office', 'committee_member', 'leader', 'admin'] as const satisfies readonly Role[];

/**
 * `true` when the reader may read the action item: a role that reads all, a department of the
 * unit that owns it, or its owner (who completes it, whatever their role).
 */
export function canReadActionItem(reader: Reader, item: Pick<MeetingItem, 'owner' | 'ownerUnit'>): boolean {
  return readsAll(reader, MEETING_READERS_OF_ALL) || item.owner === reader.id || isDepartmentOf(reader, item.ownerUnit);
}

/** `true` when the reader may read the meeting: all of it with a role that reads all, else some of its items. */
export function canReadMeeting(reader: Reader, meeting: Pick<Meeting, 'items'>): boolean {
  return readsAll(reader, MEETING_READERS_OF_ALL) || meeting.items.some((i) => canReadActionItem(reader, i));
}

/**
 * The meeting as the reader may see it: whole for a role that reads all; otherwise its title
 * and date with only the items the reader may read (no attendees, no minutes), or `null` when
 * none is. A department reads its items "with their meeting's title and date", nothing more.
 */
export function meetingAsReadBy<M extends Meeting>(reader: Reader, meeting: M): M | null {
  if (readsAll(reader, MEETING_READERS_OF_ALL)) return meeting;
  const items = meeting.items.filter((i) => canReadActionItem(reader, i));
  return items.length === 0 ? null : { ...meeting, attendees: [], minutes: null, items };
}
