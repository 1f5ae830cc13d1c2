import type { Command } from '../shared/decider.js';

/**
 * Give `subjectId` the next number of a sequence (an urging notice, a task's ledger number).
 * Asking again for a subject that already has its number gives nothing new: a retried request
 * or a sweep after a crash never takes a second number.
 */
export type AssignNumber = Command<
  'AssignNumber',
  {
    sequence: string;
    subjectId: string;
    /**
     * Numbers already taken outside the stream: the first number is one more. Tasks recorded
     * before ledger numbers existed are numbered 1..n of their year by the ledger, so the year's
     * task sequence starts at n + 1. Ignored once the stream has gone past it.
     */
    startAfter?: number;
  }
>;

/** Every command of a number sequence. */
export type SequenceCommand = AssignNumber;
