/*
 * What every fault spec checks once the fault is over: each acknowledged command is in the
 * store (by the correlation id its events record), no stream has a revision gap, every hash
 * chain verifies, and every read model equals its rebuild from the store (the admin rebuild's
 * compare of table checksums at one position). Figures go to stdout with a `faults:` prefix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore } from '#event-store';
import { verifyAllStreams } from '#read-models';
import { ProjectionsService } from '#platform';
import { Children } from './child-process.js';
import { cleanRedisPrefix, startTestApp, TEST_SECRET } from './test-app.js';

/** Whether `npm run test:faults` asked for the full runs (`FAULTS=full`) or CI's reduced ones. */
export const FULL = process.env['FAULTS'] === 'full';

/** Prints one figure line of a fault spec (kept out of Jest's console buffering). */
export function figure(spec: string, text: string): void {
  process.stdout.write(`faults: ${spec}: ${text}\n`);
}

/** The store after a fault, as the checks found it. */
export interface StoreCheck {
  events: number;
  streams: number;
  /** Acknowledged correlation ids with no event in the store. */
  lost: string[];
  /** Streams whose revisions are not 0, 1, 2, ... in store order. */
  gaps: string[];
  chainsValid: boolean;
  invalidStreams: string[];
}

/** Reads the whole store once and checks acknowledgements, revisions and hash chains. */
export async function checkStore(store: EventStore, acknowledged: Iterable<string>): Promise<StoreCheck> {
  const correlations = new Set<string>();
  const next = new Map<string, number>();
  const gaps = new Set<string>();
  let events = 0;
  for await (const event of store.readAll()) {
    events += 1;
    const correlation = event.metadata['correlationId'];
    if (typeof correlation === 'string') correlations.add(correlation);
    const expected = next.get(event.stream) ?? 0;
    if (event.revision !== expected) gaps.add(event.stream);
    next.set(event.stream, event.revision + 1);
  }
  const invalidStreams: string[] = [];
  let chainsValid = false;
  for await (const item of verifyAllStreams(store)) {
    if (item.kind === 'invalid') invalidStreams.push(item.stream);
    if (item.kind === 'summary') chainsValid = item.valid;
  }
  return {
    events,
    streams: next.size,
    lost: [...acknowledged].filter((c) => !correlations.has(c)),
    gaps: [...gaps],
    chainsValid,
    invalidStreams,
  };
}

/** One projection's rebuild compare. */
export interface ReadModelCheck {
  name: string;
  state: string;
  compared: boolean;
  differences: string[];
}

/**
 * Boots the app in this process on `dataDir` (the read-model files the faulted processes
 * wrote), lets every projection catch up from its checkpoint, then rebuilds each one from the
 * store and compares checksums with the live tables at the same position.
 */
export async function checkReadModels(dataDir: string, env: Record<string, string> = {}): Promise<ReadModelCheck[]> {
  const t = await startTestApp(env, { dataDir });
  try {
    const projections = t.app.get(ProjectionsService);
    const head = await t.head();
    if (head !== null && !(await projections.waitForAll(head, 120_000))) throw new Error('projections did not catch up with the store');
    const out: ReadModelCheck[] = [];
    for (const runner of projections.all()) {
      const status = await runner.rebuild();
      out.push({
        name: runner.info().name,
        state: status.state,
        compared: status.compared,
        differences: status.differences.map((d) => d.table).concat(status.error ? [status.error] : []),
      });
    }
    return out;
  } finally {
    await t.close({ keepData: true });
  }
}

/**
 * What a fault spec runs on: its children, a fresh data directory and a private Redis key
 * prefix, with `env` for an API child on them; `afterAll` kills every child still running and
 * removes both, whatever the test's outcome.
 */
export function faultFixture(name: string): {
  children: Children;
  prefix: string;
  dataDir: () => string;
  env: (port: number) => Record<string, string>;
} {
  const children = new Children();
  const prefix = `faults${Math.random().toString(36).slice(2, 8)}`;
  let dir: string | undefined;
  const dataDir = () => (dir ??= mkdtempSync(path.join(os.tmpdir(), `reform-faults-${name}-`)));
  afterAll(async () => {
    await children.killAll();
    await cleanRedisPrefix('redis://127.0.0.1:6379', prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const env = (port: number) => ({
    NODE_ENV: 'test',
    DATA_DIR: dataDir(),
    AUTH_JWT_SECRET: TEST_SECRET,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    PORT: String(port),
  });
  return { children, prefix, dataDir, env };
}
