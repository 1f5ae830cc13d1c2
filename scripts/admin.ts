// Administration from the command line, on the store and read models the configuration names:
//   npm run admin -- verify                      verify every stream's hash chain and every cited evidence
//                                                file's bytes against its event's hashes; exit 1 on any break
//   npm run admin -- digest                      print the digest at the store's head (signed with AUDIT_SIGNING_KEY_FILE)
//   npm run admin -- digest record               also record it as AuditDigestRecorded on audit-digests
//   npm run admin -- digest check <pos> <hex> [<algorithm>]
//                                                exit 1 unless the store still holds that history
//   npm run admin -- rebuild <projection>        rebuild, compare with the live read model, swap when equal
//   npm run admin -- backup <dir>                 online, consistent copy of the embedded store into a new
//                                                directory, with manifest.json (position, digest, algorithm, time)
//   npm run admin -- restore <dir>               put a backup back (every process using the store stopped):
//                                                verifies the file, every chain and the digest first;
//                                                the read models rebuild at the next start
//   npm run admin -- import-units <file.json|file.csv>
//                                                register the office's tree of units (parents first),
//                                                move units the file puts elsewhere; a second run changes nothing
// Offline, without the configuration or the store:
//   npm run admin -- verify-digest <digest.json> --key <public.pem> [--export <audit-export.ndjson>]
//                                                check a digest's signature (and, with the export, its
//                                                value); exit 1 when anything does not hold
//   npm run admin -- keygen --alg sm2|ed25519|p256 [--out <path prefix>]
//                                                write <prefix>.pem (private, mode 600) and <prefix>.pub.pem
// `rebuild` writes the read-model file: run it while the API is stopped, or use
// POST /admin/projections/:name/rebuild on a running API instead.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { storeCommandSender, type EventStore } from '#event-store';
import type { AppConfig } from '#platform';
// The offline commands load only the audit modules they use (an auditor's machine has no
// configuration or store); the rest is imported when a command needs the store.
import { DIGEST_ALGORITHMS, type AuditDigestData, type DigestAlgorithm } from '../libs/read-models/src/audit/audit-digest.decider.js';
import { fromAuditEventView, type AuditEventView } from '../libs/read-models/src/audit/audit-event.view.js';
import { generateSigningKeyPair, verifyDigestSignature, type KeyPairKind } from '../libs/read-models/src/audit/digest-signature.js';
import { computeDigestOfEvents } from '../libs/read-models/src/audit/store-digest.js';

const USAGE = [
  'usage: npm run admin -- verify | digest [record | check <position> <digest> [<algorithm>]] | rebuild <projection>',
  '       npm run admin -- backup <dir> | restore <dir>',
  '       npm run admin -- import-units <file.json|file.csv>',
  '       npm run admin -- verify-digest <digest.json> --key <public.pem> [--export <audit-export.ndjson>]',
  '       npm run admin -- keygen --alg sm2|ed25519|p256 [--out <path prefix>]',
].join('\n');

async function verify(store: EventStore, config: AppConfig): Promise<number> {
  const { verifyAllStreams } = await import('#read-models');
  const { CitationCollector, createFileStore, verifyCitedFiles } = await import('#platform');
  let valid = true;
  for await (const item of verifyAllStreams(store, { progressEvery: 100_000 })) {
    if (item.kind === 'progress')
      process.stderr.write(`verified ${item.events} events in ${item.streams} streams (position ${item.position})\n`);
    else {
      process.stdout.write(`${JSON.stringify(item)}\n`);
      if (item.kind === 'summary') valid = item.valid;
    }
  }
  // Store-wide: every file any event cites, present and hashing to what its event recorded.
  const citations = new CitationCollector();
  for await (const event of store.readAll()) citations.note(event);
  const files = await verifyCitedFiles(await createFileStore(config), citations.citations);
  process.stdout.write(`${JSON.stringify({ kind: 'files', ...files })}\n`);
  return valid && files.missing.length === 0 && files.corrupt.length === 0 ? 0 : 1;
}

async function digest(store: EventStore, config: AppConfig, args: string[]): Promise<number> {
  const { checkStoreDigest, recordDigest, signedStoreDigest } = await import('#read-models');
  const integrity = { hashAlgorithm: config.AUDIT_HASH, signer: config.digestSigner };
  if (args[0] === 'record') {
    const recorded = await recordDigest(store, storeCommandSender(store), integrity);
    process.stdout.write(`${JSON.stringify(recorded ?? { skipped: 'nothing new since the last recorded digest' })}\n`);
    return 0;
  }
  if (args[0] === 'check') {
    const position = Number(args[1]);
    const algorithm = (args[3] ?? 'sha256-stream-heads-v1') as DigestAlgorithm;
    if (!Number.isInteger(position) || position < 0 || !/^[0-9a-fA-F]{64}$/.test(args[2] ?? '') || !DIGEST_ALGORITHMS.includes(algorithm))
      throw new UsageError();
    const check = await checkStoreDigest(store, { position, digest: args[2]!, algorithm });
    process.stdout.write(`${JSON.stringify(check)}\n`);
    return check.matches ? 0 : 1;
  }
  if (args.length > 0) throw new UsageError();
  process.stdout.write(`${JSON.stringify(await signedStoreDigest(store, storeCommandSender(store), integrity))}\n`);
  return 0;
}

/** `--name value` options after the positional arguments. */
function options(args: string[], names: string[]): { positional: string[]; values: Record<string, string> } {
  const positional: string[] = [];
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const value = args[i + 1];
    if (!names.includes(name) || value === undefined) throw new UsageError();
    values[name] = value;
    i += 1;
  }
  return { positional, values };
}

/** A digest from a file: a `GET /audit/digest` answer, an `AuditDigestRecorded` event's data, or the event itself. */
function readDigestFile(file: string): AuditDigestData {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const candidate = (typeof parsed['digest'] === 'string' ? parsed : parsed['data']) as Record<string, unknown> | undefined;
  if (
    !candidate ||
    typeof candidate['digest'] !== 'string' ||
    typeof candidate['position'] !== 'number' ||
    !DIGEST_ALGORITHMS.includes(candidate['algorithm'] as DigestAlgorithm)
  ) {
    throw new Error(`${file} holds no digest (position, digest, algorithm)`);
  }
  return candidate as unknown as AuditDigestData;
}

async function* exportedEvents(file: string): AsyncGenerator<ReturnType<typeof fromAuditEventView>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as AuditEventView | { kind: 'file' };
    // The file manifest (`withFiles=manifest`) follows the events: not part of the history.
    if ('kind' in item && item.kind === 'file') continue;
    yield fromAuditEventView(item as AuditEventView);
  }
}

/**
 * Checks a digest with nothing but the digest, the public key and, optionally, the full export
 * (`GET /audit/export` without filters): the signature, then the digest recomputed from the
 * exported events.
 */
async function verifyDigest(args: string[]): Promise<number> {
  const { positional, values } = options(args, ['key', 'export']);
  if (positional.length !== 1 || values['key'] === undefined) throw new UsageError();
  const digest = readDigestFile(positional[0]!);
  const signature = verifyDigestSignature(digest, readFileSync(values['key']));
  let valid = signature.valid;
  const report: Record<string, unknown> = {
    algorithm: digest.algorithm,
    position: digest.position,
    digest: digest.digest,
    signatureAlg: digest.signatureAlg ?? null,
    keyId: digest.keyId ?? null,
    signature: { valid: signature.valid, reason: signature.reason, keyId: signature.keyId },
  };
  if (values['export'] !== undefined) {
    const recomputed = await computeDigestOfEvents(exportedEvents(values['export']), digest.position, digest.algorithm);
    const matches = recomputed.digest === digest.digest.toLowerCase();
    valid &&= matches;
    report['export'] = { matches, actual: recomputed.digest, streams: recomputed.streams, broken: recomputed.broken };
  }
  process.stdout.write(`${JSON.stringify({ valid, ...report })}\n`);
  return valid ? 0 : 1;
}

const KEY_KINDS: readonly KeyPairKind[] = ['sm2', 'ed25519', 'p256'];

/** Writes a new signing key pair; the private key file is created with mode 600 and never overwritten. */
function keygen(args: string[]): number {
  const { positional, values } = options(args, ['alg', 'out']);
  const kind = values['alg'] as KeyPairKind;
  if (positional.length > 0 || !KEY_KINDS.includes(kind)) throw new UsageError();
  const prefix = values['out'] ?? `audit-signing-${kind}`;
  const pair = generateSigningKeyPair(kind);
  const privateFile = `${prefix}.pem`;
  const publicFile = `${prefix}.pub.pem`;
  try {
    writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicFile, pair.publicKeyPem, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    process.stderr.write(`${(e as NodeJS.ErrnoException).path ?? prefix} exists; not overwritten\n`);
    return 1;
  }
  process.stdout.write(
    `${JSON.stringify({ privateKey: privateFile, publicKey: publicFile, keyId: pair.keyId, signatureAlg: pair.signatureAlg })}\n`,
  );
  return 0;
}

async function rebuild(store: EventStore, config: AppConfig, name: string | undefined): Promise<number> {
  const { ProjectionRunner } = await import('#read-models');
  const { apiProjections } = await import('../apps/api/src/projections.js');
  const API_PROJECTIONS = apiProjections(config.taskLightRule, config.DISPLAY_TIMEZONE, config.assessmentRules);
  const projection = API_PROJECTIONS.find((p) => p.name === name);
  if (!projection) {
    process.stderr.write(`unknown projection ${name ?? ''}; known: ${API_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const runner = new ProjectionRunner(store, projection, path.join(config.readModelDir, `${projection.name}.sqlite`));
  runner.start();
  try {
    const head = await store.headPosition();
    if (head !== null) await runner.waitFor(head, 600_000);
    const progress = setInterval(() => {
      const r = runner.info().rebuild;
      if (r) process.stderr.write(`rebuilding ${projection.name}: ${r.applied} events, position ${r.position ?? 0} of ${r.target ?? 0}\n`);
    }, 2_000);
    const status = await runner.rebuild().finally(() => clearInterval(progress));
    process.stdout.write(`${JSON.stringify({ name: projection.name, ...status })}\n`);
    return status.state === 'swapped' ? 0 : 1;
  } finally {
    await runner.close();
  }
}

/** `import-units <file>`: JSON (`.json`) or CSV (anything else) with the header code,name,level,parent. */
async function importUnitFile(store: EventStore, args: string[]): Promise<number> {
  const file = args[0];
  if (file === undefined || args.length !== 1) throw new UsageError();
  const { importUnits, parseUnitFile } = await import('#read-models');
  const rows = parseUnitFile(readFileSync(file, 'utf8'), file.toLowerCase().endsWith('.json') ? 'json' : 'csv');
  const actor = { id: 'admin-cli', roles: ['admin' as const] };
  try {
    const result = await importUnits(store, storeCommandSender(store), rows, actor, () => new Date().toISOString());
    process.stdout.write(
      `${JSON.stringify({ registered: result.registered.length, moved: result.moved.length, unchanged: result.unchanged.length })}\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

/**
 * `backup <dir>` / `restore <dir>` on the embedded store's file, without opening the store the
 * usual way (a restore must not hold the file it replaces). EventStoreDB is backed up and
 * restored with the server's own procedure (docs/operations.md).
 */
async function backupOrRestore(config: AppConfig, command: 'backup' | 'restore', args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError();
  if (config.EVENT_STORE !== 'sqlite') {
    process.stderr.write(
      `EVENT_STORE=${config.EVENT_STORE}: back up and restore EventStoreDB with its own procedure (docs/operations.md)\n`,
    );
    return 2;
  }
  const { backupStore, digestAlgorithmFor, restoreStore, RestoreRefused } = await import('#read-models');
  const dir = args[0]!;
  try {
    if (command === 'backup') {
      const manifest = await backupStore({ storePath: config.eventStorePath, dir, algorithm: digestAlgorithmFor(config.AUDIT_HASH) });
      process.stdout.write(`${JSON.stringify({ backup: path.resolve(dir), ...manifest })}\n`);
    } else {
      const report = await restoreStore({ dir, storePath: config.eventStorePath, readModelDir: config.readModelDir });
      process.stdout.write(`${JSON.stringify({ restored: config.eventStorePath, verified: true, ...report })}\n`);
    }
    return 0;
  } catch (e) {
    // A refusal replaced nothing; any other failure is reported the same way, without a stack.
    process.stderr.write(`${command} ${e instanceof RestoreRefused ? 'refused' : 'failed'}: ${(e as Error).message}\n`);
    return 1;
  }
}

class UsageError extends Error {}

async function offline(command: string, args: string[]): Promise<number> {
  try {
    return command === 'keygen' ? keygen(args) : await verifyDigest(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'verify-digest' || command === 'keygen') return offline(command, args);
  const { ConfigError, createEventStore, loadConfig } = await import('#platform');
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 78;
    }
    throw e;
  }
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (command === 'backup' || command === 'restore') {
    try {
      return await backupOrRestore(config, command, args);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  if (!['verify', 'digest', 'rebuild', 'import-units'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const store = await createEventStore(config);
  try {
    if (command === 'verify') return await verify(store, config);
    if (command === 'digest') return await digest(store, config, args);
    if (command === 'import-units') return await importUnitFile(store, args);
    return await rebuild(store, config, args[0]);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    throw e;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
