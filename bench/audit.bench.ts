// Audit benchmark: chain verification of every stream and each API projection's rebuild,
// against the embedded store's raw readAll rate in the same run. Targets: verify >= 30% of
// readAll, every rebuild >= 20%. Size: AUDIT_BENCH_EVENTS (default 1,000,000).
// Run: npm run bench:audit
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '#event-store';
import { ProjectionRunner, verifyAllStreams } from '#read-models';
import { API_PROJECTIONS } from '../apps/api/src/projections.js';
import { seedTaskStore } from '../test/support/audit-seed.js';

const EVENTS = Number(process.env['AUDIT_BENCH_EVENTS'] ?? 1_000_000);
const PER_STREAM = 10;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-audit-bench-'));
const log = (s: string) => process.stdout.write(`${s}\n`);

async function timed(fn: () => Promise<number>): Promise<{ events: number; seconds: number; rate: number }> {
  const start = process.hrtime.bigint();
  const events = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { events, seconds, rate: events / seconds };
}

try {
  log(`audit bench: ${EVENTS.toLocaleString('en')} events in ${EVENTS / PER_STREAM} task streams (node ${process.version}, ${os.cpus().length} cpus)`);
  const file = path.join(root, 'events.sqlite');
  const seeded = await timed(() => seedTaskStore(file, { tasks: EVENTS / PER_STREAM, eventsPerTask: PER_STREAM }));
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);
  const store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  const head = (await store.headPosition())!;

  const readAll = await timed(async () => {
    let n = 0;
    for await (const _ of store.readAll()) n++;
    return n;
  });
  const verify = await timed(async () => {
    let n = 0;
    for await (const item of verifyAllStreams(store, { progressEvery: Number.MAX_SAFE_INTEGER })) {
      if (item.kind === 'summary') {
        if (!item.valid) throw new Error('seeded store does not verify');
        n = item.events;
      }
    }
    return n;
  });
  const rows: Array<[string, { events: number; seconds: number; rate: number }, number | null]> = [
    ['store readAll (baseline)', readAll, null],
    ['verify all streams', verify, 0.3],
  ];
  for (const projection of API_PROJECTIONS) {
    const runner = new ProjectionRunner(store, projection, path.join(root, `${projection.name}.sqlite`));
    runner.start();
    // The live read model must be caught up first; only the rebuild itself is timed.
    await runner.waitFor(head, 3_600_000);
    const rebuilt = await timed(async () => {
      const status = await runner.rebuild();
      if (status.state !== 'swapped') throw new Error(`${projection.name}: rebuild ${status.state} ${status.error ?? JSON.stringify(status.differences)}`);
      return status.applied;
    });
    await runner.close();
    rows.push([`rebuild ${projection.name} (incl. checksums, swap)`, rebuilt, 0.2]);
  }
  await store.close();

  log('');
  log(`${'measure'.padEnd(52)} ${'events'.padStart(10)} ${'seconds'.padStart(8)} ${'events/s'.padStart(10)} ${'vs readAll'.padStart(10)}  target`);
  let allMet = true;
  for (const [label, r, target] of rows) {
    const ratio = r.rate / readAll.rate;
    const met = target === null || ratio >= target;
    allMet &&= met;
    log(
      `${label.padEnd(52)} ${String(r.events).padStart(10)} ${r.seconds.toFixed(2).padStart(8)} ${Math.round(r.rate).toString().padStart(10)} ${`${(ratio * 100).toFixed(0)}%`.padStart(10)}  ${
        target === null ? '' : `>= ${target * 100}% ${met ? 'met' : 'MISSED'}`
      }`,
    );
  }
  log('');
  log(allMet ? 'all targets met' : 'some targets missed');
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
