import type { Attachment } from '../file/file.state.js';
import { isPastDeadline, type Instant } from '../shared/time.js';

/** `sent` → `acknowledged` (read receipt) → `replied`; a reply without a receipt acknowledges too. */
export type UrgingStatus = 'sent' | 'acknowledged' | 'replied';

/** Every urging status, for query filters. */
export const URGING_STATUSES = ['sent', 'acknowledged', 'replied'] as const satisfies readonly UrgingStatus[];

/** An urging notice (催办单): API.md's Urging resource (without `revision`). */
export interface Urging {
  id: string;
  taskId: string;
  taskTitle: string;
  taskNumber: string | null;
  leadUnit: string;
  year: number;
  /** Number in the year's sequence, `null` until the sequence has given it. */
  number: number | null;
  /** `催办〔2026〕3号`, `null` until numbered. */
  label: string | null;
  text: string | null;
  replyBy: string | null;
  replyByDate: string | null;
  status: UrgingStatus;
  issuedBy: string;
  issuedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** The lead unit's answer, with its evidence files when any. */
  reply: { text: string; by: string; at: string; late: boolean; attachments?: Attachment[] } | null;
  updatedAt: string;
}

/** The folded stream: `null` until issued. */
export type UrgingState = Urging | null;

/** How an urging notice is cited: `催办〔2026〕3号`. */
export function urgingLabel(year: number, number: number): string {
  return `催办〔${year}〕${number}号`;
}

/** Whether the notice's reply is overdue at `now`: a reply date was set, it has passed, and no reply came. */
export function isUrgingOverdue(urging: Pick<Urging, 'replyBy' | 'reply'>, now: Instant): boolean {
  return urging.replyBy !== null && urging.reply === null && isPastDeadline(urging.replyBy, now);
}

/**
 * Whether the urging counts as unanswered for the scoreboard (`urging.unanswered`): a reply date
 * was set and no reply came by it (a late reply still counts as unanswered by `replyBy`).
 */
export function isUrgingUnanswered(
  urging: { replyBy: string | null; reply: Pick<NonNullable<Urging['reply']>, 'late'> | null },
  now: Instant,
): boolean {
  return urging.replyBy !== null && (urging.reply === null ? isPastDeadline(urging.replyBy, now) : urging.reply.late);
}
