/**
 * An in-memory stand-in for an EventStoreDB node, speaking the subset of its gRPC protocol that
 * the EventStoreDB adapter uses. Test code only: there is no EventStoreDB server on the
 * development and CI machines, and this lets the adapter's contract run against the real
 * `@eventstore/db-client` over a real gRPC channel on every test run.
 *
 * The service definitions and message classes are the ones the client ships
 * (`@eventstore/db-client/generated/*`), so the wire format is the client's own. Behaviour
 * mirrors the server where the adapter depends on it:
 * - `Streams.Read` on a stream: forwards/backwards, from a revision (inclusive) or start/end,
 *   `count`, and a `stream_not_found` message for a stream with no events.
 * - `Streams.Read` on `$all`: forwards from a position (inclusive, as the server does),
 *   backwards from a position (strictly before it), optional event-type / stream-name filter
 *   (prefixes or regex).
 * - Subscriptions to `$all`: confirmation, catch-up strictly after the given position (the
 *   server's "after" semantics), a checkpoint for filtered subscriptions, `caught_up` (what
 *   servers 23.10+ send and what client 6.2.1 turns into its `caughtUp` event), then live events.
 * - `Streams.Append`: expected revision no_stream / any / stream_exists / exact, the
 *   wrong-expected-version answer in the shape the client decodes, idempotent re-append of the
 *   same event ids (answered without a position, as an idempotent write may be: this exercises
 *   the adapter's fallback).
 * - `ServerFeatures.GetSupportedMethods`: advertises only Read and Append, so the client uses
 *   `Append` rather than `BatchAppend` (it picks BatchAppend only when advertised).
 * Positions: commit == prepare == a byte-like log offset, strictly increasing and not dense.
 */
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import { answerAppend, type ProposedEvent } from './esdb-append.js';
import {
  matches,
  ReadReq,
  ReadResp,
  toFilter,
  toReadResp,
  uuidToString,
  type AppendReqT,
  type AppendRespT,
  type DoubleEvent,
  type Filter,
  type ReadReqT,
  type ReadRespT,
} from './esdb-wire.js';

export type { DoubleEvent } from './esdb-wire.js';

/** What {@link EsdbDouble.backup} keeps. */
export interface DoubleBackup {
  events: DoubleEvent[];
  nextPosition: bigint;
}

/** Options for {@link EsdbDouble}. */
export interface EsdbDoubleOptions {
  /** Seed `$`-prefixed system events at startup so filtering is exercised (default true). */
  seedSystemEvents?: boolean;
  /** Server version advertised by GetSupportedMethods. */
  serverVersion?: string;
}

interface LiveSubscriber {
  filter: Filter | null;
  deliver(event: DoubleEvent): void;
}

const TICKS_PER_MS = 10_000n;
const encoder = new TextEncoder();

/** A started double: where to connect. */
export interface StartedDouble {
  port: number;
  connectionString: string;
}

/**
 * In-memory EventStoreDB gRPC double. `start()` binds 127.0.0.1 on a free port (or the port
 * given); test hooks: {@link EsdbDouble.dropAllCalls}, {@link EsdbDouble.refuseConnections},
 * {@link EsdbDouble.appendSystemEvent}.
 */
export class EsdbDouble {
  private server: grpc.Server | null = null;
  private port = 0;
  private readonly streams = new Map<string, DoubleEvent[]>();
  private readonly all: DoubleEvent[] = [];
  private nextPosition = 1024n;
  private readonly live = new Set<LiveSubscriber>();
  /** Every open call, with a way to end it with a gRPC error. */
  private readonly openCalls = new Set<(code: grpc.status, details: string) => void>();
  private readonly serverVersion: string;

  constructor(options: EsdbDoubleOptions = {}) {
    this.serverVersion = options.serverVersion ?? '23.10.0';
    if (options.seedSystemEvents ?? true) {
      // What a fresh server holds before any user write: settings, stream metadata, stats.
      this.appendSystemEvent('$settings', '$settings', { $userStreamAcl: {} });
      this.appendSystemEvent('$$reform-task-seed', '$metadata', { $maxAge: 3600 });
      this.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollection', { proc: {} });
    }
  }

  /** Starts serving; resolves once the port is bound. */
  async start(port = 0): Promise<StartedDouble> {
    const server = this.createServer();
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    this.server = server;
    return { port: this.port, connectionString: this.connectionString };
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Stops serving and ends every open call. The stored events are kept. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.dropAllCalls(grpc.status.UNAVAILABLE, 'double stopped');
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
      // tryShutdown waits for calls the client may keep open; the test does not need that.
      setImmediate(() => server.forceShutdown());
    });
  }

  /**
   * Ends every open call (subscriptions, reads, appends in flight) with the given status,
   * UNAVAILABLE by default: what a client sees when a node restarts or a proxy cuts it off.
   * Returns how many calls were ended.
   */
  dropAllCalls(code: grpc.status = grpc.status.UNAVAILABLE, details = 'dropped by the test double'): number {
    const calls = [...this.openCalls];
    this.openCalls.clear();
    for (const end of calls) end(code, details);
    return calls.length;
  }

  /**
   * Stops listening for `ms` milliseconds (new connections are refused at the TCP level, open
   * calls end), then listens again on the same port with the same data.
   */
  async refuseConnections(ms: number): Promise<void> {
    const port = this.port;
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.start(port);
  }

  /** Appends a `$`-prefixed event the way the server itself writes them (for filtering tests). */
  appendSystemEvent(stream: string, type: string, data: unknown = {}): DoubleEvent {
    return this.write(stream, [
      {
        id: randomUUID(),
        type,
        contentType: 'application/json',
        data: encoder.encode(JSON.stringify(data)),
        customMetadata: new Uint8Array(),
      },
    ])[0]!;
  }

  /** All stored events in global order, system events included (for assertions). */
  events(): readonly DoubleEvent[] {
    return this.all;
  }

  /**
   * A copy of everything stored: what a backup of an EventStoreDB node's data (its chunk and
   * index files, taken as its docs say) keeps.
   */
  backup(): DoubleBackup {
    return { events: this.all.map((e) => ({ ...e })), nextPosition: this.nextPosition };
  }

  /**
   * Replaces everything stored by a {@link backup}: a restored node. Like a real restore it is
   * done on a stopped node; {@link start} it again afterwards.
   */
  restore(backup: DoubleBackup): void {
    if (this.server) throw new Error('stop the double before restoring it');
    this.streams.clear();
    this.all.length = 0;
    for (const e of backup.events) {
      const copy = { ...e };
      this.all.push(copy);
      const list = this.streams.get(e.stream) ?? [];
      list.push(copy);
      this.streams.set(e.stream, list);
    }
    this.nextPosition = backup.nextPosition;
  }

  /** Number of calls currently open. */
  get openCallCount(): number {
    return this.openCalls.size;
  }

  // ---------------------------------------------------------------------------------------

  private createServer(): grpc.Server {
    const server = new grpc.Server();
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
        const answer = new featuresPb.SupportedMethods();
        answer.setEventStoreServerVersion(this.serverVersion);
        for (const [service, method] of [
          ['event_store.client.streams.streams', 'read'],
          ['event_store.client.streams.streams', 'append'],
          ['event_store.client.server_features.serverfeatures', 'getsupportedmethods'],
        ] as const) {
          const m = new featuresPb.SupportedMethod();
          m.setServiceName(service);
          m.setMethodName(method);
          answer.addMethods(m);
        }
        callback(null, answer);
      },
    } as grpc.UntypedServiceImplementation);
    // Delete, Tombstone and BatchAppend are left out: grpc-js answers them UNIMPLEMENTED.
    server.addService(streamsGrpc.StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReqT, ReadRespT>) => this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReqT, AppendRespT>, callback: grpc.sendUnaryData<AppendRespT>) =>
        this.append(call, callback),
    } as unknown as grpc.UntypedServiceImplementation);
    return server;
  }

  // --- Append ------------------------------------------------------------------------------

  private append(call: grpc.ServerReadableStream<AppendReqT, AppendRespT>, callback: grpc.sendUnaryData<AppendRespT>): void {
    let options: InstanceType<typeof streamsPb.AppendReq.Options> | undefined;
    const proposed: ProposedEvent[] = [];
    let done = false;
    const finish = (err: grpc.ServiceError | Partial<grpc.StatusObject> | null, resp?: AppendRespT) => {
      if (done) return;
      done = true;
      this.openCalls.delete(kill);
      callback(err as grpc.ServiceError | null, resp);
    };
    const kill = (code: grpc.status, details: string) => finish({ code, details });
    this.openCalls.add(kill);
    call.on('data', (req: AppendReqT) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) {
        const m = req.getProposedMessage()!;
        const meta = m.getMetadataMap();
        proposed.push({
          id: uuidToString(m.getId()),
          type: meta.get('type') ?? '',
          contentType: meta.get('content-type') ?? 'application/octet-stream',
          data: m.getData_asU8(),
          customMetadata: m.getCustomMetadata_asU8(),
        });
      }
    });
    call.on('error', () => finish(null));
    call.on('cancelled', () => finish(null));
    call.on('end', () => {
      if (!options) return finish({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
      const stream = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      finish(
        null,
        answerAppend(this.streams.get(stream) ?? [], options, proposed, () => this.write(stream, proposed)),
      );
    });
  }

  private write(stream: string, proposed: ProposedEvent[]): DoubleEvent[] {
    const events = this.streams.get(stream) ?? [];
    this.streams.set(stream, events);
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    const written = proposed.map((p) => {
      const event: DoubleEvent = { ...p, stream, revision: events.length, position: this.nextPosition, createdTicks };
      // A log offset: grows with the record's size, so positions are increasing but not dense.
      this.nextPosition += BigInt(128 + stream.length + p.type.length + p.data.length + p.customMetadata.length);
      events.push(event);
      this.all.push(event);
      return event;
    });
    for (const sub of [...this.live]) for (const e of written) if (matches(sub.filter, e)) sub.deliver(e);
    return written;
  }

  // --- Read --------------------------------------------------------------------------------

  private read(call: grpc.ServerWritableStream<ReadReqT, ReadRespT>): void {
    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'read without options' });
      return;
    }
    const O = ReadReq.Options;
    let subscriber: LiveSubscriber | null = null;
    let ended = false;
    const cleanup = () => {
      ended = true;
      this.openCalls.delete(kill);
      if (subscriber) this.live.delete(subscriber);
    };
    const kill = (code: grpc.status, details: string) => {
      if (ended) return;
      cleanup();
      call.emit('error', { code, details });
    };
    this.openCalls.add(kill);
    call.on('cancelled', cleanup);
    call.on('error', cleanup);
    call.on('finish', cleanup);

    const send = (resp: ReadRespT) => {
      if (!ended) call.write(resp);
    };
    const backwards = options.getReadDirection() === O.ReadDirection.BACKWARDS;
    const isSubscription = options.getCountOptionCase() === O.CountOptionCase.SUBSCRIPTION;
    const count = isSubscription ? Number.MAX_SAFE_INTEGER : Number(options.getCount());
    const filter = options.getFilterOptionCase() === O.FilterOptionCase.FILTER ? toFilter(options.getFilter()!) : null;

    if (options.getStreamOptionCase() === O.StreamOptionCase.STREAM) {
      const streamOptions = options.getStream()!;
      const stream = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const events = this.streams.get(stream);
      if (isSubscription) {
        cleanup();
        call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'stream subscriptions are not part of the double' });
        return;
      }
      if (!events || events.length === 0) {
        const notFound = new ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
        send(new ReadResp().setStreamNotFound(notFound));
        cleanup();
        call.end();
        return;
      }
      const R = O.StreamOptions.RevisionOptionCase;
      const revCase = streamOptions.getRevisionOptionCase();
      let selected: DoubleEvent[];
      if (backwards) {
        const from = revCase === R.REVISION ? Number(streamOptions.getRevision()) : revCase === R.START ? 0 : events.length - 1;
        selected = events.slice(0, Math.min(from, events.length - 1) + 1).reverse();
      } else {
        const from = revCase === R.REVISION ? Number(streamOptions.getRevision()) : revCase === R.END ? events.length : 0;
        selected = events.slice(from);
      }
      for (const e of selected.slice(0, count)) send(toReadResp(e));
      cleanup();
      call.end();
      return;
    }

    const allOptions = options.getAll()!;
    const A = O.AllOptions.AllOptionCase;
    const allCase = allOptions.getAllOptionCase();
    const position = allCase === A.POSITION ? BigInt(allOptions.getPosition()!.getCommitPosition()) : null;

    if (!isSubscription) {
      let selected: DoubleEvent[];
      if (backwards) {
        const upTo = allCase === A.START ? [] : position === null ? this.all : this.all.filter((e) => e.position < position);
        selected = [...upTo].reverse();
      } else {
        selected = allCase === A.END ? [] : position === null ? this.all : this.all.filter((e) => e.position >= position);
      }
      let sent = 0;
      for (const e of selected) {
        if (sent >= count) break;
        if (!matches(filter, e)) continue;
        send(toReadResp(e));
        sent++;
      }
      cleanup();
      call.end();
      return;
    }

    // Subscription to $all: confirmation, catch-up strictly after the position, then live.
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    send(new ReadResp().setConfirmation(confirmation));
    const catchUp = allCase === A.END ? [] : position === null ? this.all : this.all.filter((e) => e.position > position);
    let lastConsidered = allCase === A.END ? (this.all[this.all.length - 1]?.position ?? 0n) : (position ?? 0n);
    for (const e of catchUp) {
      lastConsidered = e.position;
      if (matches(filter, e)) send(toReadResp(e));
    }
    if (filter) {
      const checkpoint = new ReadResp.Checkpoint();
      checkpoint.setCommitPosition(String(lastConsidered));
      checkpoint.setPreparePosition(String(lastConsidered));
      send(new ReadResp().setCheckpoint(checkpoint));
    }
    send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    // Registered in the same tick as the catch-up, so nothing appended in between is missed.
    subscriber = { filter, deliver: (e) => send(toReadResp(e)) };
    this.live.add(subscriber);
  }
}
