import type { CommandBus } from '@nestjs/cqrs';
import { numberOf, sequenceDecider, sequenceStream } from '#domain';
import type { RequestContext } from '../http/request-context.js';

/**
 * The next number of `sequence` for `subjectId`, decided by the event store: the sequence
 * stream is appended with the revision read, and a concurrent request makes the command path
 * re-read and decide again. A step of the request (`decideFollowUp`), so a repeated request
 * (same `Idempotency-Key`) gets the same number, and a subject asking twice gets its number again.
 * `startAfter`: numbers taken outside the stream (the sequence's `AssignNumber`).
 */
export async function assignNumber(
  bus: CommandBus,
  ctx: RequestContext,
  sequence: string,
  subjectId: string,
  startAfter?: number,
): Promise<number> {
  const data = { sequence, subjectId, ...(startAfter !== undefined ? { startAfter } : {}) };
  const outcome = await bus.execute(
    ctx.decideFollowUp(`number ${sequence}`, sequenceStream(sequence), sequenceDecider, { type: 'AssignNumber', data }),
  );
  const number = numberOf(outcome.state, subjectId);
  // The decider gives every subject a number or has given it one before; nothing else can come back.
  if (number === null) throw new Error(`${sequence}: no number for ${subjectId}`);
  return number;
}
