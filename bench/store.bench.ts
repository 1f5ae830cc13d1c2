// Embedded event store benchmark: SqliteEventStore against raw better-sqlite3 inserts/reads of
// the same rows (the ceiling) and against @event-driven-io/emmett-sqlite (a peer). Prints one
// table and the targets. Run: npm run bench:store
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventData } from '#event-store';

const SINGLE_APPENDS = 5_000;
const EMMETT_SINGLE_APPENDS = 1_000;
const BATCH_SIZE = 100;
const BATCHED_EVENTS = 50_000;
const READ_EVENTS = 1_000_000;
const EMMETT_READ_EVENTS = 100_000;
const FILL_BATCH = 1_000;
const STREAMS = 100;

interface Row {
  label: string;
  events: number;
  seconds: number;
  p50?: number;
  p99?: number;
  peakRssMb: number;
  baseline?: string;
  note?: string;
}

const rows: Row[] = [];
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-ledger-bench-'));
let fileCounter = 0;
const tempFile = () => path.join(tempRoot, `db-${fileCounter++}.sqlite`);

const gc = (globalThis as { gc?: () => void }).gc;
let peakRss = 0;
function sampleRss(): void {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}
function startPhase(): void {
  gc?.();
  peakRss = 0;
  sampleRss();
}
const peakMb = () => Math.round(peakRss / 1024 / 1024);

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

// Audit-shaped metadata with chain fields, so rows are the size real events are.
const metadata = {
  actor: { id: 'user-123', roles: ['clerk', 'reviewer'], unit: 'unit-7' },
  occurredAt: '2025-06-01T10:00:00.000Z',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};
function makeEvent(i: number): EventData {
  return {
    id: randomUUID(),
    type: 'TaskUpdated',
    data: { taskId: `task-${i % STREAMS}`, n: i, title: 'Repair the roof of the school', done: false },
    metadata,
  };
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
  created TEXT NOT NULL, UNIQUE (stream, revision))`;

function openRaw(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertEvent = (stream: string, revision: number, e: EventData) =>
    insert.run(stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), new Date().toISOString());
  return { db, insertEvent };
}

async function timed(
  label: string,
  events: number,
  body: (latencies: number[]) => Promise<void> | void,
  extra: Partial<Row> = {},
): Promise<Row> {
  startPhase();
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  await body(latencies);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  sampleRss();
  latencies.sort((a, b) => a - b);
  const row: Row = {
    label,
    events,
    seconds,
    peakRssMb: peakMb(),
    ...(latencies.length ? { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } : {}),
    ...extra,
  };
  rows.push(row);
  return row;
}

const rate = (r: Row | undefined) => (r ? r.events / r.seconds : NaN);

async function benchOurs() {
  // (a) durable single-event appends, each its own transaction, exact expected revision.
  let store = SqliteEventStore.open({ path: tempFile(), synchronous: 'FULL' });
  const revisions = new Array<number>(STREAMS).fill(-1);
  await timed(
    'store: single append (FULL)',
    SINGLE_APPENDS,
    async (lat) => {
      for (let i = 0; i < SINGLE_APPENDS; i++) {
        const s = i % STREAMS;
        const t0 = process.hrtime.bigint();
        const r = await store.appendToStream(`task-${s}`, [makeEvent(i)], {
          expectedRevision: revisions[s]! < 0 ? 'no_stream' : revisions[s]!,
        });
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        revisions[s] = r.nextRevision;
        if (i % 500 === 0) sampleRss();
      }
    },
    { baseline: 'raw: single insert (FULL)' },
  );
  await store.close();

  // (b) batches of 100.
  store = SqliteEventStore.open({ path: tempFile(), synchronous: 'FULL' });
  await timed(
    `store: append batch ${BATCH_SIZE} (FULL)`,
    BATCHED_EVENTS,
    async (lat) => {
      for (let b = 0; b < BATCHED_EVENTS / BATCH_SIZE; b++) {
        const batch = Array.from({ length: BATCH_SIZE }, (_, k) => makeEvent(b * BATCH_SIZE + k));
        const t0 = process.hrtime.bigint();
        await store.appendToStream(`task-${b % STREAMS}`, batch);
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (b % 50 === 0) sampleRss();
      }
    },
    { baseline: `raw: insert tx of ${BATCH_SIZE} (FULL)`, note: 'latency per batch' },
  );
  await store.close();
}

async function benchRaw() {
  const single = openRaw(tempFile());
  const singleTx = single.db.transaction((s: number, rev: number, e: EventData) => single.insertEvent(`task-${s}`, rev, e));
  await timed('raw: single insert (FULL)', SINGLE_APPENDS, (lat) => {
    for (let i = 0; i < SINGLE_APPENDS; i++) {
      const t0 = process.hrtime.bigint();
      singleTx(i % STREAMS, Math.floor(i / STREAMS), makeEvent(i));
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  });
  single.db.close();

  const batched = openRaw(tempFile());
  const revs = new Array<number>(STREAMS).fill(0);
  const batchTx = batched.db.transaction((s: number, events: EventData[]) => {
    for (const e of events) batched.insertEvent(`task-${s}`, revs[s]!++, e);
  });
  await timed(`raw: insert tx of ${BATCH_SIZE} (FULL)`, BATCHED_EVENTS, (lat) => {
    for (let b = 0; b < BATCHED_EVENTS / BATCH_SIZE; b++) {
      const batch = Array.from({ length: BATCH_SIZE }, (_, k) => makeEvent(b * BATCH_SIZE + k));
      const t0 = process.hrtime.bigint();
      batchTx(b % STREAMS, batch);
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  });
  batched.db.close();
}

async function benchReads() {
  const file = tempFile();
  const fillStart = Date.now();
  const writer = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  for (let b = 0; b < READ_EVENTS / FILL_BATCH; b++) {
    const batch = Array.from({ length: FILL_BATCH }, (_, k) => makeEvent(b * FILL_BATCH + k));
    await writer.appendToStream(`task-${b % STREAMS}`, batch);
  }
  await writer.close();
  const fillSeconds = (Date.now() - fillStart) / 1000;

  // Raw ceiling: the same rows, parsed the same way, one query iterated.
  const raw = new Database(file, { readonly: true });
  await timed('raw: select all + JSON.parse', READ_EVENTS, () => {
    let n = 0;
    for (const r of raw
      .prepare('SELECT position, stream, revision, id, type, data, metadata, created FROM events ORDER BY position')
      .raw(true)
      .iterate() as IterableIterator<unknown[]>) {
      JSON.parse(r[5] as string);
      JSON.parse(r[6] as string);
      if (++n % 100_000 === 0) sampleRss();
    }
    if (n !== READ_EVENTS) throw new Error(`raw read ${n}`);
  });
  raw.close();

  const store = SqliteEventStore.open({ path: file });
  await timed(
    'store: readAll',
    READ_EVENTS,
    async () => {
      let n = 0;
      for await (const _ of store.readAll()) if (++n % 100_000 === 0) sampleRss();
      if (n !== READ_EVENTS) throw new Error(`readAll read ${n}`);
    },
    { baseline: 'raw: select all + JSON.parse', note: `fill ${fillSeconds.toFixed(1)} s` },
  );

  await timed(
    'store: catch-up subscription',
    READ_EVENTS,
    async () => {
      let n = 0;
      const subscription = store.subscribeToAll();
      for await (const item of subscription) {
        if (item.kind === 'caught_up') break;
        if (++n % 100_000 === 0) sampleRss();
      }
      await subscription.close();
      if (n !== READ_EVENTS) throw new Error(`subscription read ${n}`);
    },
    { baseline: 'raw: select all + JSON.parse' },
  );
  await store.close();
}

async function benchEmmett(): Promise<string | null> {
  let emmett: typeof import('@event-driven-io/emmett-sqlite');
  try {
    emmett = await import('@event-driven-io/emmett-sqlite');
  } catch (error) {
    return `emmett-sqlite: could not be loaded (${(error as Error).message.split('\n')[0]})`;
  }
  try {
    const toEmmett = (e: EventData) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata });

    const single = emmett.getSQLiteEventStore({ fileName: tempFile(), schema: { autoMigration: 'CreateOrUpdate' } });
    await timed(
      'emmett: single append',
      EMMETT_SINGLE_APPENDS,
      async (lat) => {
        for (let i = 0; i < EMMETT_SINGLE_APPENDS; i++) {
          const t0 = process.hrtime.bigint();
          await single.appendToStream(`task-${i % STREAMS}`, [toEmmett(makeEvent(i))]);
          lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      },
      { baseline: 'raw: single insert (FULL)', note: `${EMMETT_SINGLE_APPENDS} appends` },
    );

    const fileName = tempFile();
    const batched = emmett.getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
    await timed(
      `emmett: append batch ${BATCH_SIZE}`,
      BATCHED_EVENTS,
      async (lat) => {
        for (let b = 0; b < BATCHED_EVENTS / BATCH_SIZE; b++) {
          const batch = Array.from({ length: BATCH_SIZE }, (_, k) => toEmmett(makeEvent(b * BATCH_SIZE + k)));
          const t0 = process.hrtime.bigint();
          await batched.appendToStream(`task-${b % STREAMS}`, batch);
          lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      },
      { baseline: `raw: insert tx of ${BATCH_SIZE} (FULL)`, note: 'latency per batch' },
    );

    for (let b = BATCHED_EVENTS / FILL_BATCH; b < EMMETT_READ_EVENTS / FILL_BATCH; b++) {
      await batched.appendToStream(
        `task-${b % STREAMS}`,
        Array.from({ length: FILL_BATCH }, (_, k) => toEmmett(makeEvent(b * FILL_BATCH + k))),
      );
    }
    const connection = emmett.sqliteConnection({ fileName });
    await timed(
      'emmett: readMessagesBatch all',
      EMMETT_READ_EVENTS,
      async () => {
        let n = 0;
        let after = 0n;
        for (;;) {
          const page = await emmett.readMessagesBatch(connection, { after, batchSize: 1_000 });
          n += page.messages.length;
          if (page.messages.length === 0) break;
          after = page.currentGlobalPosition;
          if (n % 100_000 === 0) sampleRss();
        }
        if (n < EMMETT_READ_EVENTS) throw new Error(`emmett read ${n}`);
      },
      { baseline: 'raw: select all + JSON.parse', note: `${EMMETT_READ_EVENTS} events` },
    );
    connection.close();
    return null;
  } catch (error) {
    return `emmett-sqlite: failed (${(error as Error).message.split('\n')[0]})`;
  }
}

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || Number.isNaN(n)
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function printTable(emmettNote: string | null) {
  const byLabel = new Map(rows.map((r) => [r.label, r]));
  const header = ['workload', 'events', 'events/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'vs raw', 'note'];
  const lines = rows.map((r) => {
    const base = r.baseline ? byLabel.get(r.baseline) : undefined;
    return [
      r.label,
      fmt(r.events),
      fmt(rate(r)),
      fmt(r.p50, 3),
      fmt(r.p99, 3),
      fmt(r.peakRssMb),
      base ? `${(rate(r) / rate(base)).toFixed(2)}x` : '-',
      r.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const show = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nNode ${process.version}, ${os.cpus().length} CPUs, temp dir ${os.tmpdir()}`);
  console.log(show(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(show(l));
  if (emmettNote) console.log(emmettNote);

  const target = (name: string, ok: boolean, detail: string) => console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${detail}`);
  const batched = rate(byLabel.get(`store: append batch ${BATCH_SIZE} (FULL)`));
  const rawBatched = rate(byLabel.get(`raw: insert tx of ${BATCH_SIZE} (FULL)`));
  const single = rate(byLabel.get('store: single append (FULL)'));
  const readAll = rate(byLabel.get('store: readAll'));
  console.log('\nTargets');
  target(
    'batched append >= 50% of raw 100-row insert rate',
    batched >= 0.5 * rawBatched,
    `${fmt(batched)} vs ${fmt(rawBatched)} (${((100 * batched) / rawBatched).toFixed(0)}%)`,
  );
  target('durable single appends >= 2,000/s', single >= 2_000, `${fmt(single)}/s`);
  target('readAll >= 300,000/s', readAll >= 300_000, `${fmt(readAll)}/s`);
}

try {
  const started = Date.now();
  await benchRaw();
  await benchOurs();
  await benchReads();
  const emmettNote = await benchEmmett();
  printTable(emmettNote);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  fs.rmSync(tempRoot, { recursive: true, force: true });
}
