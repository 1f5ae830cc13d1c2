/**
 * The wire side of the EventStoreDB double (`esdb-double.ts`): the client's own generated message classes, the
 * event as the double stores it, and the conversions between the two (UUIDs, filters, read answers).
 */
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';

export const { ReadReq, ReadResp, AppendResp } = streamsPb;
export type ReadReqT = InstanceType<typeof ReadReq>;
export type ReadRespT = InstanceType<typeof ReadResp>;
export type AppendReqT = InstanceType<typeof streamsPb.AppendReq>;
export type AppendRespT = InstanceType<typeof AppendResp>;
export type RecordedEventT = InstanceType<typeof ReadResp.ReadEvent.RecordedEvent>;
export type Uuid = InstanceType<typeof sharedPb.UUID>;

/** One event as the double stores it. */
export interface DoubleEvent {
  stream: string;
  revision: number;
  position: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, which is what the client decodes. */
  createdTicks: bigint;
}

export interface Filter {
  on: 'stream' | 'type';
  prefixes: string[];
  regex: RegExp | null;
}

export function uuidToString(uuid: Uuid | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const s = uuid.getStructured()!;
  const hex =
    BigInt.asUintN(64, BigInt(s.getMostSignificantBits())).toString(16).padStart(16, '0') +
    BigInt.asUintN(64, BigInt(s.getLeastSignificantBits())).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toFilter(options: InstanceType<typeof ReadReq.Options.FilterOptions>): Filter {
  const on = options.hasStreamIdentifier() ? 'stream' : 'type';
  const expr = options.hasStreamIdentifier() ? options.getStreamIdentifier()! : options.getEventType()!;
  const regex = expr.getRegex();
  return { on, prefixes: expr.getPrefixList(), regex: regex ? new RegExp(regex) : null };
}

export function matches(filter: Filter | null, event: DoubleEvent): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.stream : event.type;
  if (filter.prefixes.length > 0) return filter.prefixes.some((p) => subject.startsWith(p));
  return filter.regex ? filter.regex.test(subject) : true;
}

export function toReadResp(e: DoubleEvent): ReadRespT {
  const record: RecordedEventT = new ReadResp.ReadEvent.RecordedEvent();
  record.setId(new sharedPb.UUID().setString(e.id));
  record.setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(e.stream, 'utf8')));
  record.setStreamRevision(String(e.revision));
  record.setCommitPosition(String(e.position));
  record.setPreparePosition(String(e.position));
  const meta = record.getMetadataMap();
  meta.set('type', e.type);
  meta.set('content-type', e.contentType);
  meta.set('created', String(e.createdTicks));
  record.setData(e.data);
  record.setCustomMetadata(e.customMetadata);
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(record);
  readEvent.setCommitPosition(String(e.position));
  return new ReadResp().setEvent(readEvent);
}
