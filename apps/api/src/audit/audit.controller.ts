import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { loadStream, StreamNotFound, verifyStream, type EventStore, type RecordedEvent } from '#event-store';
import {
  aggregateFor,
  auditStateView,
  checkStoreDigest,
  exportEventsNdjson,
  listAuditLog,
  listSigningKeys,
  signedStoreDigest,
  toAuditEventView,
  verifyAllStreams,
  type SigningKeyInfo,
  type AuditEventView,
  type AuditLogEntry,
  type AuditLogFilter,
  type DigestCheck,
} from '#read-models';
import type { Attachment } from '#domain';
import {
  AppConfig,
  attachmentsOf,
  BusCommandSender,
  CitationCollector,
  EVENT_STORE,
  FILE_STORE,
  ProjectionsService,
  verifyCitedFiles,
  type FileStore,
} from '#platform';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import type { AuditDigest, AuditStreamState, AuditStreamVerification } from './audit.responses.js';
import { AuditEventsQuery, AuditExportQuery, AuditFilterQuery, DigestCheckDto, StreamEventsQuery, StreamStateQuery } from './audit.dto.js';
import { ApiAnswer, ApiAnswerText, ApiPage, ApiProblems } from '../http/openapi/api-answer.decorators.js';

const STREAM = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/;
const NDJSON = 'application/x-ndjson; charset=utf-8';

function streamName(value: string): string {
  if (!STREAM.test(value)) throw new CodedHttpError(404, 'AUDIT.STREAM_NOT_FOUND', { stream: value });
  return value;
}

function toFilter(q: AuditFilterQuery): AuditLogFilter {
  return {
    ...(q.actor !== undefined ? { actor: q.actor } : {}),
    ...(q.type !== undefined ? { type: q.type } : {}),
    ...(q.stream !== undefined ? { stream: q.stream } : {}),
    ...(q.correlation !== undefined ? { correlation: q.correlation } : {}),
    ...(q.causation !== undefined ? { causation: q.causation } : {}),
    ...(q.from !== undefined ? { fromMs: Date.parse(q.from) } : {}),
    ...(q.to !== undefined ? { toMs: Date.parse(q.to) } : {}),
  };
}

function ndjson(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  return (async function* () {
    for await (const item of items) yield `${JSON.stringify(item)}\n`;
  })();
}

/** Audit trails for administrators: replay, state as of a moment, chain verification, digests, the global log. */
@ApiTags('audit')
@ApiBearerAuth()
// Every audit read goes to the event store itself, which may be unavailable.
@ApiProblems(503)
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly commands: BusCommandSender,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  @Get('streams/:stream')
  @ApiOperation({ summary: "A stream's events with audit metadata and chain hashes, from `fromRevision`, at most `limit`" })
  @ApiAnswer('AuditStreamEvents')
  async stream(
    @Param('stream') raw: string,
    @Query() q: StreamEventsQuery,
  ): Promise<{ stream: string; events: AuditEventView[]; nextFromRevision: number | null }> {
    const stream = streamName(raw);
    const limit = q.limit ?? 50;
    const events: AuditEventView[] = [];
    let more = false;
    try {
      for await (const e of this.store.readStream(stream, { fromRevision: q.fromRevision ?? 0, maxCount: limit + 1 })) {
        if (events.length === limit) {
          more = true;
          break;
        }
        events.push(toAuditEventView(e));
      }
    } catch (e) {
      if (e instanceof StreamNotFound) throw new CodedHttpError(404, 'AUDIT.STREAM_NOT_FOUND', { stream });
      throw e;
    }
    return { stream, events, nextFromRevision: more ? events[events.length - 1]!.revision + 1 : null };
  }

  @Get('streams/:stream/verify')
  @ApiOperation({
    summary: "Recomputes the stream's hash chain; names the first bad revision and why; checks the evidence files its events cite",
    description:
      '`files: { checked, missing, corrupt }`: citations checked, and those whose file is gone or no longer hashes to what ' +
      'the event recorded, each as `{ fileId, stream, revision }`.',
  })
  @ApiAnswer('AuditStreamVerification')
  async verify(@Param('stream') raw: string): Promise<AuditStreamVerification> {
    const stream = streamName(raw);
    try {
      const citations = new CitationCollector();
      const chain = await verifyStream(stream, citations.tap(this.store.readStream(stream)));
      return { ...chain, files: await verifyCitedFiles(this.files, citations.citations) };
    } catch (e) {
      if (e instanceof StreamNotFound) throw new CodedHttpError(404, 'AUDIT.STREAM_NOT_FOUND', { stream });
      throw e;
    }
  }

  @Get('streams/:stream/state')
  @ApiOperation({
    summary: "The resource as it stood at `asOf` or right after `revision`, folded with the product's own evolve",
    description:
      'Asked with `items`, each list in the state holds at most its last `items` items, so the answer need not grow with ' +
      "the stream (a task's progress reports); `shortened` names each list cut: `{ path, total, from }`. Without it, the state whole.",
  })
  @ApiAnswer('AuditStreamState')
  async state(@Param('stream') raw: string, @Query() q: StreamStateQuery): Promise<AuditStreamState> {
    const stream = streamName(raw);
    if (q.asOf !== undefined && q.revision !== undefined) {
      throw new CodedHttpError(400, 'AUDIT.AS_OF_AND_REVISION');
    }
    const aggregate = aggregateFor(stream);
    if (!aggregate) throw new CodedHttpError(404, 'AUDIT.NO_AGGREGATE', { stream });
    const asOfMs = q.asOf !== undefined ? Date.parse(q.asOf) : undefined;
    let last: RecordedEvent | null = null;
    const upTo = (e: RecordedEvent): boolean => {
      const ok = q.revision !== undefined ? e.revision <= q.revision : asOfMs !== undefined ? Date.parse(occurredAt(e)) <= asOfMs : true;
      if (ok) last = e;
      return ok;
    };
    const loaded = await loadStream(this.store, stream, aggregate, upTo);
    if (loaded.revision < 0 && !(await this.exists(stream))) throw new CodedHttpError(404, 'AUDIT.STREAM_NOT_FOUND', { stream });
    const lastEvent = last as RecordedEvent | null;
    const { state, shortened } = auditStateView(loaded.state, q.items ?? 0);
    return {
      stream,
      revision: loaded.revision,
      asOf: q.asOf !== undefined ? new Date(asOfMs!).toISOString() : lastEvent ? occurredAt(lastEvent) : null,
      state,
      shortened,
    };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Verifies every stream, streamed as NDJSON',
    description:
      'One JSON object per line: `{"kind":"progress",events,streams,position}` every 10,000 events, ' +
      '`{"kind":"invalid",stream,events,firstInvalidRevision,reason}` for each broken stream as soon as it is found, and a last line ' +
      '`{"kind":"summary",valid,streams,events,invalidStreams,position}`. The status is 200 either way: read `valid` in the summary.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiAnswerText(['application/x-ndjson'])
  verifyAll(@Res({ passthrough: true }) reply: FastifyReply): Readable {
    void reply.header('content-type', NDJSON);
    return Readable.from(ndjson(verifyAllStreams(this.store)), { objectMode: false });
  }

  @Get('digest')
  @ApiOperation({
    summary: "A hash over every stream's head hash, in stream-name order, at the store's head position",
    description:
      '`algorithm` is `sha256-stream-heads-v1`, or `sm3-stream-heads-v1` (the same with SM3) when `AUDIT_HASH=sm3`. With ' +
      '`AUDIT_SIGNING_KEY_FILE` the answer also carries `signatureAlg` (`sm2-sm3` with the SM2 user id 1234567812345678, ' +
      "`ed25519` or `ecdsa-p256-sha256`, DER), `keyId` (hex SHA-256 of the public key's SubjectPublicKeyInfo DER) and " +
      "`signature` (base64, over the UTF-8 bytes of `<algorithm>\\n<position>\\n<digest>\\n`). A key's first signature is " +
      'recorded as `AuditSigningKeyFirstUsed` on the `audit-digests` stream.',
  })
  @ApiAnswer('AuditDigest')
  digest(): Promise<AuditDigest> {
    return signedStoreDigest(this.store, this.commands, { hashAlgorithm: this.config.AUDIT_HASH, signer: this.config.digestSigner });
  }

  @Get('keys')
  @ApiOperation({
    summary: 'Every public key that ever signed a digest, in the order of first use',
    description:
      '`{ items: [{ keyId, signatureAlg, publicKey (SubjectPublicKeyInfo PEM), firstUsedAt, lastUsedAt }] }`. ' +
      '`lastUsedAt` is the last recorded digest the key signed (its first use until one is recorded). Keys stay listed after ' +
      'rotation, so digests signed years ago remain verifiable by their `keyId`.',
  })
  @ApiAnswer('SigningKeyList')
  async keys(): Promise<{ items: SigningKeyInfo[] }> {
    return { items: await listSigningKeys(this.store) };
  }

  @Post('digest/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether the store still holds exactly the history an earlier digest covered (recomputed with its algorithm)' })
  @ApiAnswer('DigestCheck')
  async checkDigest(@Body() dto: DigestCheckDto): Promise<DigestCheck> {
    const head = (await this.store.headPosition()) ?? 0;
    if (dto.position > head) throw new CodedHttpError(409, 'AUDIT.DIGEST_BEYOND_HEAD', { head, position: dto.position });
    return checkStoreDigest(this.store, dto);
  }

  @Get('events')
  @ApiOperation({ summary: 'The global who-did-what log (audit-log projection), in position order' })
  @ApiPage('AuditLogEntry')
  async events(@Query() q: AuditEventsQuery): Promise<Page<AuditLogEntry>> {
    // Commands do not wait for the audit log; its reader does, so every answered write shows.
    await this.projections.waitForHead(['audit-log']);
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1) as [number] | null;
    const rows = listAuditLog(this.projections.runner('audit-log').db, {
      ...toFilter(q),
      limit,
      afterPosition: after ? Number(after[0]) : null,
    });
    return paginate(
      rows,
      limit,
      (r) => [r.position],
      (r) => r,
    );
  }

  @Get('export')
  @ApiOperation({ summary: 'Every matching event with data, metadata and hashes, as NDJSON, streamed from the store' })
  @ApiProduces('application/x-ndjson')
  @ApiAnswerText(['application/x-ndjson'])
  export(@Query() q: AuditExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Readable {
    void reply.header('content-type', NDJSON);
    void reply.header('content-disposition', 'attachment; filename="audit-export.ndjson"');
    // Readable.from pulls the next chunk only when the socket drained the previous one.
    return Readable.from(
      q.withFiles === 'manifest' ? withFileManifest(this.store, toFilter(q)) : exportEventsNdjson(this.store, toFilter(q)),
      { objectMode: false },
    );
  }

  private async exists(stream: string): Promise<boolean> {
    try {
      for await (const _ of this.store.readStream(stream, { maxCount: 1 })) return true;
    } catch (e) {
      if (e instanceof StreamNotFound) return false;
      throw e;
    }
    return false;
  }
}

/**
 * The export followed by one line per file the exported events cite (`kind: "file"`, the file
 * as the first citing event recorded it, and every citation), so an auditor can fetch and hash
 * each file the trail names. Only ids and citations are held while the events stream.
 */
async function* withFileManifest(store: EventStore, filter: AuditLogFilter): AsyncGenerator<string> {
  const files = new Map<string, { file: Attachment; citedBy: Array<{ stream: string; revision: number }> }>();
  yield* exportEventsNdjson(store, filter, (event) => {
    for (const file of attachmentsOf(event)) {
      const entry = files.get(file.id) ?? { file, citedBy: [] };
      entry.citedBy.push({ stream: event.stream, revision: event.revision });
      files.set(file.id, entry);
    }
  });
  for (const { file, citedBy } of files.values()) yield `${JSON.stringify({ kind: 'file', ...file, citedBy })}\n`;
}

function occurredAt(e: RecordedEvent): string {
  const at = e.metadata['occurredAt'];
  return typeof at === 'string' ? at : e.created;
}
