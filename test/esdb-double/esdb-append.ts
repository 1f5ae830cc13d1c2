/** The `Streams.Append` rules of the EventStoreDB double: expected revisions and idempotent re-appends, as the server decides them. */
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import { AppendResp, type AppendRespT, type DoubleEvent } from './esdb-wire.js';

/** An event as an append proposes it: the double gives it its stream, revision, position and time. */
export type ProposedEvent = Omit<DoubleEvent, 'stream' | 'revision' | 'position' | 'createdTicks'>;

/**
 * What the server answers an append of `proposed` to a stream holding `existing` under the append's expected revision: an
 * idempotent success, a wrong-expected-version, or a success after `write()` stored the events.
 */
export function answerAppend(
  existing: readonly DoubleEvent[],
  options: InstanceType<typeof streamsPb.AppendReq.Options>,
  proposed: readonly ProposedEvent[],
  write: () => DoubleEvent[],
): AppendRespT {
  const current = existing.length - 1; // -1: no stream
  const Case = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;
  const expectedCase = options.getExpectedStreamRevisionCase();
  const expectedRevision = expectedCase === Case.REVISION ? Number(options.getRevision()) : null;

  // Idempotency, as the server decides it: the same ids already sit where this append would
  // have put them (exact / no_stream), or anywhere contiguous in the stream (any / stream_exists).
  if (proposed.length > 0) {
    const from =
      expectedCase === Case.NO_STREAM
        ? 0
        : expectedRevision !== null
          ? expectedRevision + 1
          : existing.findIndex((e) => e.id === proposed[0]!.id);
    if (from >= 0 && from + proposed.length <= existing.length && proposed.every((p, i) => existing[from + i]!.id === p.id)) {
      const success = new AppendResp.Success();
      success.setCurrentRevision(String(from + proposed.length - 1));
      success.setNoPosition(new sharedPb.Empty());
      return new AppendResp().setSuccess(success);
    }
  }

  const ok =
    expectedCase === Case.ANY ||
    (expectedCase === Case.NO_STREAM && current === -1) ||
    (expectedCase === Case.STREAM_EXISTS && current >= 0) ||
    (expectedCase === Case.REVISION && expectedRevision === current);
  if (!ok) {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (current >= 0) wrong.setCurrentRevision(String(current));
    else wrong.setCurrentNoStream(new sharedPb.Empty());
    if (expectedCase === Case.REVISION) wrong.setExpectedRevision(String(expectedRevision));
    else if (expectedCase === Case.NO_STREAM) wrong.setExpectedNoStream(new sharedPb.Empty());
    else if (expectedCase === Case.STREAM_EXISTS) wrong.setExpectedStreamExists(new sharedPb.Empty());
    else wrong.setExpectedAny(new sharedPb.Empty());
    return new AppendResp().setWrongExpectedVersion(wrong);
  }

  const success = new AppendResp.Success();
  if (proposed.length === 0) {
    if (current >= 0) success.setCurrentRevision(String(current));
    else success.setNoStream(new sharedPb.Empty());
    success.setNoPosition(new sharedPb.Empty());
    return new AppendResp().setSuccess(success);
  }
  const written = write();
  const last = written[written.length - 1]!;
  success.setCurrentRevision(String(last.revision));
  const position = new AppendResp.Position();
  position.setCommitPosition(String(last.position));
  position.setPreparePosition(String(last.position));
  success.setPosition(position);
  return new AppendResp().setSuccess(success);
}
