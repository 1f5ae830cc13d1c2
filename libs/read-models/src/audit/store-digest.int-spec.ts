import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  executeCommand,
  SqliteEventStore,
  storeCommandSender,
  verifyStream,
  type ChainHashAlgorithm,
  type DeciderLike,
  type RecordedEvent,
} from '#event-store';
import { AUDIT_DIGEST_STREAM } from './audit-digest.decider.js';
import { fromAuditEventView, type AuditEventView } from './audit-event.view.js';
import { exportEventsNdjson } from './audit-export.js';
import { verifyAllStreams } from './chain-verifier.js';
import { DigestSigner, generateSigningKeyPair, verifyDigestSignature } from './digest-signature.js';
import {
  checkStoreDigest,
  computeDigestOfEvents,
  computeStoreDigest,
  listSigningKeys,
  readDigestLog,
  recordDigest,
  signedStoreDigest,
} from './store-digest.js';

interface Count {
  type: 'Count';
  data: { n: number };
}
interface Counted {
  type: 'Counted';
  data: { n: number };
}
const counter: DeciderLike<Count, Counted, number> = {
  initialState: () => 0,
  evolve: (state) => state + 1,
  decide: (command) => [{ type: 'Counted', data: { n: command.data.n } }],
};

describe('store digests, chain hashes and signing keys on a real store', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  let commands = 0;

  const count = (stream: string, hashAlgorithm?: ChainHashAlgorithm) => {
    commands += 1;
    const commandId = `c${commands}`;
    return executeCommand(
      store,
      stream,
      counter,
      { type: 'Count', data: { n: commands } },
      {
        context: {
          actor: { id: 'u1', roles: ['admin'] },
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, commands)).toISOString(),
          correlationId: commandId,
          causationId: commandId,
          commandId,
        },
        ...(hashAlgorithm ? { hashAlgorithm } : {}),
      },
    );
  };
  const events = async (stream: string): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream(stream)) out.push(e);
    return out;
  };
  const tamper = (stream: string, revision: number) => {
    const db = new Database(file);
    db.prepare(`UPDATE events SET data = json_set(data, '$.n', 4242) WHERE stream = ? AND revision = ?`).run(stream, revision);
    db.close();
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reform-digest-'));
    file = path.join(dir, 'events.sqlite');
    store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches the command path from SHA-256 to SM3 on live streams without breaking a chain', async () => {
    for (let i = 0; i < 3; i++) await count('task-a');
    await count('task-b');
    for (let i = 0; i < 3; i++) await count('task-a', 'sm3');
    await count('task-c', 'sm3');

    const a = await events('task-a');
    expect(a.map((e) => e.metadata['hashAlg'])).toEqual(['sha256', 'sha256', 'sha256', 'sm3', 'sm3', 'sm3']);
    expect(a[3]!.metadata['prevHash']).toBe(a[2]!.metadata['hash']);
    await expect(verifyStream('task-a', a)).resolves.toMatchObject({ valid: true, events: 6 });
    const all = [];
    for await (const item of verifyAllStreams(store)) all.push(item);
    expect(all.at(-1)).toMatchObject({ kind: 'summary', valid: true, streams: 3, events: 8 });
  });

  it('finds tampering on either side of the switch at its revision, in one stream and across the store', async () => {
    for (let i = 0; i < 3; i++) await count('task-a');
    for (let i = 0; i < 3; i++) await count('task-a', 'sm3');
    tamper('task-a', 1);
    await expect(verifyStream('task-a', await events('task-a'))).resolves.toMatchObject({
      valid: false,
      firstInvalidRevision: 1,
      reason: 'hash_mismatch',
    });

    for (let i = 0; i < 3; i++) await count('task-b');
    for (let i = 0; i < 3; i++) await count('task-b', 'sm3');
    tamper('task-b', 4);
    await expect(verifyStream('task-b', await events('task-b'))).resolves.toMatchObject({
      valid: false,
      firstInvalidRevision: 4,
      reason: 'hash_mismatch',
    });

    const invalid = [];
    for await (const item of verifyAllStreams(store)) if (item.kind === 'invalid') invalid.push(item);
    expect(invalid).toEqual([
      expect.objectContaining({ stream: 'task-a', firstInvalidRevision: 1, reason: 'hash_mismatch' }),
      expect.objectContaining({ stream: 'task-b', firstInvalidRevision: 4, reason: 'hash_mismatch' }),
    ]);
  });

  it("computes the SM3 twin exactly as specified, over heads chained with each event's own algorithm", async () => {
    await count('task-b');
    await count('task-a');
    await count('task-a', 'sm3');
    const head = (await store.headPosition())!;
    const lines = [];
    for (const stream of ['task-a', 'task-b']) {
      const last = (await events(stream)).at(-1)!;
      lines.push(`${stream}\n${last.revision}\n${last.metadata['hash'] as string}\n`);
    }
    for (const [algorithm, hash] of [
      ['sm3-stream-heads-v1', 'sm3'],
      ['sha256-stream-heads-v1', 'sha256'],
    ] as const) {
      const expected = createHash(hash)
        .update(`${algorithm}\n${head}\n${lines.join('')}`)
        .digest('hex');
      await expect(computeStoreDigest(store, { algorithm })).resolves.toEqual({
        position: head,
        digest: expected,
        streams: 2,
        algorithm,
        broken: [],
      });
    }
    // Without an algorithm, the original construction, so earlier digests check as before.
    expect((await computeStoreDigest(store)).algorithm).toBe('sha256-stream-heads-v1');

    const sm3 = await computeStoreDigest(store, { algorithm: 'sm3-stream-heads-v1' });
    await expect(checkStoreDigest(store, { ...sm3 })).resolves.toMatchObject({ matches: true, algorithm: 'sm3-stream-heads-v1' });
    // The same hex under the other algorithm's name does not match.
    await expect(checkStoreDigest(store, { position: sm3.position, digest: sm3.digest })).resolves.toMatchObject({ matches: false });
    tamper('task-b', 0);
    await expect(checkStoreDigest(store, sm3)).resolves.toMatchObject({
      matches: false,
      broken: [expect.objectContaining({ stream: 'task-b', firstInvalidRevision: 0 })],
    });
  });

  it('records signed digests, each key once on first use, and lists every key that ever signed', async () => {
    const first = DigestSigner.fromPem(generateSigningKeyPair('ed25519').privateKeyPem);
    const second = DigestSigner.fromPem(generateSigningKeyPair('sm2').privateKeyPem);
    await count('task-a');
    const d1 = await recordDigest(store, storeCommandSender(store), { signer: first, now: new Date('2026-01-02T00:00:00Z') });
    expect(d1).toMatchObject({ algorithm: 'sha256-stream-heads-v1', signatureAlg: 'ed25519', keyId: first.keyId });
    expect(verifyDigestSignature(d1!, first.publicKey).valid).toBe(true);
    // The digest covers the event that introduced its key.
    const log = await events(AUDIT_DIGEST_STREAM);
    expect(log.map((e) => e.type)).toEqual(['AuditSigningKeyFirstUsed', 'AuditDigestRecorded']);
    expect(d1!.position).toBe(log[0]!.position);
    expect(log[0]!.data).toEqual({
      keyId: first.keyId,
      signatureAlg: 'ed25519',
      publicKey: first.publicKeyPem,
      firstUsedAt: '2026-01-02T00:00:00.000Z',
    });

    // Nothing new but digest-log events: skipped; an asked-for digest with a known key appends nothing.
    await expect(recordDigest(store, storeCommandSender(store), { signer: first })).resolves.toBeNull();
    const asked = await signedStoreDigest(store, storeCommandSender(store), { signer: first });
    expect(verifyDigestSignature(asked, first.publicKey).valid).toBe(true);
    expect(await events(AUDIT_DIGEST_STREAM)).toHaveLength(2);

    await count('task-a', 'sm3');
    const d2 = await recordDigest(store, storeCommandSender(store), {
      signer: second,
      hashAlgorithm: 'sm3',
      now: new Date('2026-02-01T00:00:00Z'),
    });
    expect(d2).toMatchObject({ algorithm: 'sm3-stream-heads-v1', signatureAlg: 'sm2-sm3', keyId: second.keyId });
    expect(verifyDigestSignature(d2!, second.publicKey).valid).toBe(true);
    expect(verifyDigestSignature(d2!, first.publicKey)).toMatchObject({ valid: false, reason: 'key_mismatch' });
    const after = await events(AUDIT_DIGEST_STREAM);
    expect(after.slice(2).map((e) => [e.type, e.metadata['hashAlg']])).toEqual([
      ['AuditSigningKeyFirstUsed', 'sm3'],
      ['AuditDigestRecorded', 'sm3'],
    ]);
    await count('task-a', 'sm3');
    await recordDigest(store, storeCommandSender(store), { signer: second, hashAlgorithm: 'sm3', now: new Date('2026-03-01T00:00:00Z') });

    await expect(listSigningKeys(store)).resolves.toEqual([
      {
        keyId: first.keyId,
        signatureAlg: 'ed25519',
        publicKey: first.publicKeyPem,
        firstUsedAt: '2026-01-02T00:00:00.000Z',
        lastUsedAt: '2026-01-02T00:00:00.000Z',
      },
      {
        keyId: second.keyId,
        signatureAlg: 'sm2-sm3',
        publicKey: second.publicKeyPem,
        firstUsedAt: '2026-02-01T00:00:00.000Z',
        lastUsedAt: '2026-03-01T00:00:00.000Z',
      },
    ]);
    expect((await readDigestLog(store)).count).toBe(3);
    const all = [];
    for await (const item of verifyAllStreams(store)) all.push(item);
    expect(all.at(-1)).toMatchObject({ kind: 'summary', valid: true });
  });

  it('recomputes a digest offline from the full export alone', async () => {
    for (let i = 0; i < 3; i++) await count(`task-${i}`);
    await count('task-1', 'sm3');
    const signer = DigestSigner.fromPem(generateSigningKeyPair('p256').privateKeyPem);
    const recorded = (await recordDigest(store, storeCommandSender(store), { signer, hashAlgorithm: 'sm3' }))!;
    await count('task-2', 'sm3');

    let text = '';
    for await (const chunk of exportEventsNdjson(store, {})) text += chunk;
    const exported = text
      .trim()
      .split('\n')
      .map((line) => fromAuditEventView(JSON.parse(line) as AuditEventView));
    // Every exported event is back exactly as stored, so its hash recomputes.
    const stored: RecordedEvent[] = [];
    for await (const e of store.readAll()) stored.push(e);
    expect(exported).toEqual(stored);

    const offline = await computeDigestOfEvents(exported, recorded.position, recorded.algorithm);
    expect(offline.digest).toBe(recorded.digest);
    exported.find((e) => e.stream === 'task-0')!.data = { n: -1 };
    expect((await computeDigestOfEvents(exported, recorded.position, recorded.algorithm)).digest).not.toBe(recorded.digest);
  });
});
