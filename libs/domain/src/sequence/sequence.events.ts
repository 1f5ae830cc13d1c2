import type { Event } from '../shared/decider.js';

/**
 * `subjectId` got `number`, one more than the sequence's last. The event is the number's only
 * record: the stream's events are the numbers in order, appended with the revision the decider
 * saw, so two concurrent writers can never both take the same number and none is skipped.
 */
export type NumberAssigned = Event<'NumberAssigned', { sequence: string; number: number; subjectId: string; assignedAt: string }>;

/** Every event of a sequence stream (`sequence-<name>`). */
export type SequenceEvent = NumberAssigned;
