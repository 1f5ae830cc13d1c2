import type { AttachmentCandidate } from '../file/attachment.js';
import type { Command } from '../shared/decider.js';

/** What an urging notice needs to know of its task, read from the ledger when the office issues it. */
export interface UrgedTask {
  id: string;
  title: string;
  leadUnit: string;
  /** The task's ledger number (`2026-0001`), when it has one. */
  number: string | null;
  /** Whether the task is still open (not accepted or cancelled). */
  open: boolean;
}

/** The office issues an urging notice (催办单) on a task: a formal notice, numbered per year once issued. */
export type IssueUrging = Command<
  'IssueUrging',
  {
    urgingId: string;
    /** The task as the ledger knows it; `null` when there is no such task. */
    task: UrgedTask | null;
    taskId: string;
    text?: string;
    /** Date `YYYY-MM-DD` or date-time with offset by which the unit must reply. */
    replyBy?: string;
  }
>;

/**
 * Record the number the urging's yearly sequence gave it (`催办〔2026〕3号`). Issued by the
 * server right after the sequence stream took the number; repeating it with the same number is
 * a no-op, a different number is refused (the sequence gives each subject one number).
 */
export type NumberUrging = Command<'NumberUrging', { urgingId: string; number: number }>;

/** The lead unit confirms it received the notice (read receipt, once). */
export type AcknowledgeUrging = Command<'AcknowledgeUrging', { urgingId: string }>;

/** The lead unit answers the notice. */
export type ReplyToUrging = Command<'ReplyToUrging', { urgingId: string; text: string; attachments?: readonly AttachmentCandidate[] }>;

/** Every command of an urging notice. */
export type UrgingCommand = IssueUrging | NumberUrging | AcknowledgeUrging | ReplyToUrging;
