import type { Attachment } from '../file/file.state.js';
import type { Event } from '../shared/decider.js';

/*
 * Self-contained: each event repeats the task and its lead unit, so read models, reminders and
 * the scoreboard need nothing but the urging's own stream.
 */

/** The office issued an urging notice; its number follows once the year's sequence gives it. */
export type UrgingIssued = Event<
  'UrgingIssued',
  {
    urgingId: string;
    taskId: string;
    taskTitle: string;
    taskNumber: string | null;
    leadUnit: string;
    /** Calendar year of issuing in the deployment's time zone: the sequence the number comes from. */
    year: number;
    text: string | null;
    /** When the reply is due (UTC ISO), `null` when no reply date was set. */
    replyBy: string | null;
    /** Present when `replyBy` was given as a calendar date. */
    replyByDate?: string;
    issuedBy: string;
    issuedAt: string;
  }
>;

/** The notice got its number in the year's sequence (`催办〔year〕number号`). */
export type UrgingNumbered = Event<
  'UrgingNumbered',
  { urgingId: string; taskId: string; leadUnit: string; year: number; number: number; label: string; numberedAt: string }
>;

/** The lead unit confirmed receipt. */
export type UrgingAcknowledged = Event<
  'UrgingAcknowledged',
  { urgingId: string; taskId: string; leadUnit: string; acknowledgedBy: string; acknowledgedAt: string }
>;

/** The lead unit replied; `late` when the reply came after `replyBy`. */
export type UrgingReplied = Event<
  'UrgingReplied',
  {
    urgingId: string;
    taskId: string;
    leadUnit: string;
    text: string;
    late: boolean;
    repliedBy: string;
    repliedAt: string;
    attachments?: Attachment[];
  }
>;

/** Every event of an urging stream (`urging-<id>`). */
export type UrgingEvent = UrgingIssued | UrgingNumbered | UrgingAcknowledged | UrgingReplied;
