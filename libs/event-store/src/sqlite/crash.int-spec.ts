import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedEvent } from '../event-store.port.js';
import { verifyStream } from '../hash-chain.js';
import { SqliteEventStore } from './sqlite.event-store.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ACKS_BEFORE_KILL = 300;

describe('SqliteEventStore after SIGKILL mid-burst', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-ledger-crash-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append, without revision gaps, and every chain verifies', async () => {
    const dbPath = path.join(dir, 'events.sqlite');
    const child = spawn(
      process.execPath,
      ['--import', './scripts/ts-node/register.mjs', 'libs/event-store/src/sqlite/crash-child.fixture.ts', dbPath],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > ACKS_BEFORE_KILL) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited before the kill: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    // Lines read after the kill were still written before it; a torn last line is dropped.
    const acknowledged = stdout
      .split('\n')
      .filter((line) => /^\S+ \d+$/.test(line))
      .map((line) => {
        const [stream, revision] = line.split(' ');
        return { stream: stream!, revision: Number(revision) };
      });
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const store = SqliteEventStore.open({ path: dbPath });
    try {
      const streams = [...new Set(acknowledged.map((a) => a.stream))];
      expect(streams.length).toBeGreaterThan(1);
      for (const stream of streams) {
        const events: RecordedEvent[] = [];
        for await (const event of store.readStream(stream)) events.push(event);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        const maxAcked = Math.max(...acknowledged.filter((a) => a.stream === stream).map((a) => a.revision));
        expect(events.length).toBeGreaterThan(maxAcked);
        await expect(verifyStream(stream, events)).resolves.toMatchObject({ valid: true, firstInvalidRevision: null });
      }
    } finally {
      await store.close();
    }
  });
});
