import type { MeetingItem } from './meeting.decider.js';

/**
 * Overdue is derived, never stored: the item is still open and its deadline has passed.
 * Instants are compared, so offsets in either string do not matter.
 */
export function isActionItemOverdue(item: Pick<MeetingItem, 'status' | 'deadline'>, nowIso: string): boolean {
  return item.status === 'open' && Date.parse(item.deadline) < Date.parse(nowIso);
}
