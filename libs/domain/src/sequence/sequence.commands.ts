import type { Command } from '../shared/decider.js';

/**
 * Give `subjectId` the next number of a sequence (an urging notice, a task's ledger number).
 * Asking again for a subject that already has its number gives nothing new: a retried request
 * or a sweep after a crash never takes a second number.
 */
export type AssignNumber = Command<'AssignNumber', { sequence: string; subjectId: string }>;

/** Every command of a number sequence. */
export type SequenceCommand = AssignNumber;
