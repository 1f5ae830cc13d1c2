import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  copyFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { backupSqliteFile, SqliteEventStore, sqliteFileInUse } from '#event-store';
import type { DigestAlgorithm } from '../audit/audit-digest.decider.js';
import { DIGEST_ALGORITHMS } from '../audit/audit-digest.decider.js';
import { computeDigestOfEvents, type BrokenStream } from '../audit/store-digest.js';

/** The manifest's format tag; a restore refuses any other. */
export const BACKUP_FORMAT = 'reform-ledger-store-backup/1';
/** The files of a backup directory. */
export const BACKUP_STORE_FILE = 'events.sqlite';
export const BACKUP_MANIFEST_FILE = 'manifest.json';

/** `manifest.json` of a backup: what was copied, and the digest that proves the copy whole. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  store: 'sqlite';
  file: typeof BACKUP_STORE_FILE;
  /** SHA-256 of the copied file, and its size: a damaged or swapped file is refused before anything else. */
  fileSha256: string;
  bytes: number;
  /** The copy's head: the global position of its last event (0 for an empty store). */
  position: number;
  streams: number;
  /** The store digest at `position` (see `computeDigestOfEvents`), recomputed from the copy's events. */
  digest: string;
  algorithm: DigestAlgorithm;
  /** When the copy was taken (ISO 8601 UTC). */
  createdAt: string;
}

/** Why a restore refused; nothing was replaced. */
export class RestoreRefused extends Error {
  constructor(
    message: string,
    readonly broken: BrokenStream[] = [],
  ) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The copy's head, digest and broken chains, read through the store adapter itself. */
async function digestOfCopy(file: string, algorithm: DigestAlgorithm, position?: number) {
  const store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  try {
    const head = (await store.headPosition()) ?? 0;
    return { head, ...(await computeDigestOfEvents(store.readAll(), position ?? head, algorithm)) };
  } finally {
    await store.close();
  }
}

/**
 * `admin backup <dir>`: an online, consistent copy of the embedded store in `dir` (new or
 * empty) while the API keeps running, with its manifest. The manifest is written last: a
 * directory without one is an unfinished backup.
 */
export async function backupStore(options: {
  storePath: string;
  dir: string;
  algorithm: DigestAlgorithm;
  now?: () => Date;
}): Promise<BackupManifest> {
  const { storePath, dir, algorithm } = options;
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: back up into a new directory`);
  mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, `${BACKUP_STORE_FILE}.partial`);
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  await backupSqliteFile(storePath, partial);
  const copy = await digestOfCopy(partial, algorithm);
  if (copy.broken.length > 0) {
    rmSync(partial, { force: true });
    throw new RestoreRefused(
      `the store's hash chains are broken (${copy.broken.map((b) => b.stream).join(', ')}): run \`npm run admin -- verify\``,
      copy.broken,
    );
  }
  const file = path.join(dir, BACKUP_STORE_FILE);
  renameSync(partial, file);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    store: 'sqlite',
    file: BACKUP_STORE_FILE,
    fileSha256: await fileSha256(file),
    bytes: statSync(file).size,
    position: copy.position,
    streams: copy.streams,
    digest: copy.digest,
    algorithm,
    createdAt,
  };
  writeFileSync(path.join(dir, BACKUP_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, BACKUP_MANIFEST_FILE);
  if (!existsSync(file)) throw new RestoreRefused(`${file} is missing: not a finished backup`);
  const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<BackupManifest>;
  if (m.format !== BACKUP_FORMAT || m.store !== 'sqlite' || m.file !== BACKUP_STORE_FILE)
    throw new RestoreRefused(`${file}: not a ${BACKUP_FORMAT} manifest`);
  if (
    typeof m.position !== 'number' ||
    typeof m.digest !== 'string' ||
    typeof m.fileSha256 !== 'string' ||
    !DIGEST_ALGORITHMS.includes(m.algorithm as DigestAlgorithm)
  ) {
    throw new RestoreRefused(`${file}: position, digest, algorithm or fileSha256 missing`);
  }
  return m as BackupManifest;
}

/** What a restore did. */
export interface RestoreReport {
  position: number;
  streams: number;
  digest: string;
  algorithm: DigestAlgorithm;
  /** Where the replaced store and read models were moved (null: there were none). */
  previousStore: string | null;
  previousReadModels: string | null;
}

/** Moves a file (and its -wal/-shm companions) aside; answers the new name, or null when there was nothing. */
function moveAside(file: string, suffix: string): string | null {
  if (!existsSync(file)) return null;
  const target = `${file}.${suffix}`;
  renameSync(file, target);
  for (const companion of ['-wal', '-shm']) if (existsSync(file + companion)) renameSync(file + companion, target + companion);
  return target;
}

/**
 * `admin restore <dir>`: puts a backup back as the embedded store. Refuses a store some process
 * has open; checks the file against the manifest, then, on a working copy beside the store,
 * verifies every hash chain and recomputes the digest at the manifest's position; only then is
 * the copy put in place. The replaced store and the read models are moved aside (kept, named
 * `*.before-restore-<time>`): every read model rebuilds from the restored store at the next
 * start, the reminder schedule included.
 */
export async function restoreStore(options: {
  dir: string;
  storePath: string;
  readModelDir: string;
  now?: () => Date;
}): Promise<RestoreReport> {
  const { dir, storePath, readModelDir } = options;
  const manifest = readManifest(dir);
  const source = path.join(dir, BACKUP_STORE_FILE);
  if (!existsSync(source)) throw new RestoreRefused(`${source} is missing`);
  const actualSha = await fileSha256(source);
  if (actualSha !== manifest.fileSha256)
    throw new RestoreRefused(`${source} is not the file the manifest describes (SHA-256 ${actualSha}, manifest ${manifest.fileSha256})`);
  const refuseIfRunning = () => {
    if (sqliteFileInUse(storePath))
      throw new RestoreRefused(`${storePath} is open in another process (the API or a worker?): stop every process using it first`);
  };
  refuseIfRunning();
  mkdirSync(path.dirname(storePath), { recursive: true });
  const working = `${storePath}.restoring`;
  for (const f of [working, `${working}-wal`, `${working}-shm`]) rmSync(f, { force: true });
  copyFileSync(source, working);
  try {
    const copy = await digestOfCopy(working, manifest.algorithm, manifest.position);
    if (copy.broken.length > 0)
      throw new RestoreRefused(
        `the backup's hash chains are broken: ${copy.broken.map((b) => `${b.stream}@${b.firstInvalidRevision}`).join(', ')}`,
        copy.broken,
      );
    if (copy.head !== manifest.position)
      throw new RestoreRefused(`the backup's head is ${copy.head}, the manifest says ${manifest.position}`);
    if (copy.digest !== manifest.digest)
      throw new RestoreRefused(`the backup's digest at ${manifest.position} is ${copy.digest}, the manifest says ${manifest.digest}`);
    refuseIfRunning();
    const suffix = `before-restore-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    const previousStore = moveAside(storePath, suffix);
    renameSync(working, storePath);
    const previousReadModels = moveAside(readModelDir, suffix);
    return {
      position: manifest.position,
      streams: copy.streams,
      digest: copy.digest,
      algorithm: manifest.algorithm,
      previousStore,
      previousReadModels,
    };
  } finally {
    for (const f of [working, `${working}-wal`, `${working}-shm`]) rmSync(f, { force: true });
  }
}
