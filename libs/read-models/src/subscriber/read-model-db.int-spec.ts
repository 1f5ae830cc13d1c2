import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PROCESSES = 4;
const ROUNDS = 25;
const GAP_MS = 60;

describe('several processes opening the same new SQLite files at once', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-ledger-open-race-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Two API replicas on one data directory once failed at boot with "database is locked":
  // SQLite refuses one of two connections that both upgrade from reading to writing instead of waiting.
  it('opens every read-model and event-store file in every process', async () => {
    // Loading TypeScript takes a few seconds per child; the rounds start once all have loaded.
    const startAt = Date.now() + 15_000;
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () => runChild([dir, String(startAt), String(ROUNDS), String(GAP_MS)])),
    );
    for (const { code, stdout, stderr } of outputs) {
      expect({ code, failure: (stdout.split('\n').find((line) => line.startsWith('round')) ?? stderr.trim()) || null }).toEqual({
        code: 0,
        failure: null,
      });
      expect(stdout.trim().split('\n')).toHaveLength(ROUNDS);
    }
  }, 60_000);
});

function runChild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', './scripts/ts-node/register.mjs', 'libs/read-models/src/subscriber/open-race-child.fixture.ts', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
