// Audit benchmark: chain verification of every stream and each API projection's rebuild,
// against the embedded store's raw readAll rate in the same run. Targets: verify >= 30% of
// readAll, every rebuild >= 20%. The same store is also seeded with SM3 chains
// (AUDIT_HASH=sm3): its verification and digest are compared with SHA-256's from this run.
// Size: AUDIT_BENCH_EVENTS (default 1,000,000).
// Run: npm run bench:audit
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '#event-store';
import { computeStoreDigest, ProjectionRunner, verifyAllStreams, type DigestAlgorithm } from '#read-models';
import { API_PROJECTIONS } from '../apps/api/src/projections.js';
import { seedTaskStore } from '../test/support/audit-seed.js';

const EVENTS = Number(process.env['AUDIT_BENCH_EVENTS'] ?? 1_000_000);
const PER_STREAM = 10;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-audit-bench-'));
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Timed {
  events: number;
  seconds: number;
  rate: number;
}

async function timed(fn: () => Promise<number>): Promise<Timed> {
  const start = process.hrtime.bigint();
  const events = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { events, seconds, rate: events / seconds };
}

try {
  log(
    `audit bench: ${EVENTS.toLocaleString('en')} events in ${EVENTS / PER_STREAM} task streams (node ${process.version}, ` +
      `${os.cpus().length} cpus)`,
  );
  const file = path.join(root, 'events.sqlite');
  const seeded = await timed(() => seedTaskStore(file, { tasks: EVENTS / PER_STREAM, eventsPerTask: PER_STREAM }));
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);
  // The same workload chained with SM3, in its own file.
  const sm3File = path.join(root, 'events-sm3.sqlite');
  const sm3Seeded = await timed(() =>
    seedTaskStore(sm3File, { tasks: EVENTS / PER_STREAM, eventsPerTask: PER_STREAM, hashAlgorithm: 'sm3' }),
  );
  log(`seeded the SM3 store in ${sm3Seeded.seconds.toFixed(1)} s`);
  const store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  const sm3Store = SqliteEventStore.open({ path: sm3File, synchronous: 'NORMAL' });
  const head = (await store.headPosition())!;

  const readAll = await timed(async () => {
    let n = 0;
    for await (const _ of store.readAll()) n++;
    return n;
  });
  const verifyOf = (of: SqliteEventStore) =>
    timed(async () => {
      let n = 0;
      for await (const item of verifyAllStreams(of, { progressEvery: Number.MAX_SAFE_INTEGER })) {
        if (item.kind === 'summary') {
          if (!item.valid) throw new Error('seeded store does not verify');
          n = item.events;
        }
      }
      return n;
    });
  const digestOf = (of: SqliteEventStore, algorithm: DigestAlgorithm) =>
    timed(async () => {
      const d = await computeStoreDigest(of, { algorithm });
      if (d.broken.length > 0) throw new Error(`seeded store has broken streams: ${JSON.stringify(d.broken.slice(0, 3))}`);
      return EVENTS;
    });
  const faster = (a: Timed, b: Timed) => (a.rate >= b.rate ? a : b);
  // SHA-256 and SM3 alternate, twice, and each keeps its better run: on a shared machine the
  // load changes from one minute to the next, and the ratio should not measure that.
  let verify = await verifyOf(store);
  let sm3Verify = await verifyOf(sm3Store);
  verify = faster(verify, await verifyOf(store));
  sm3Verify = faster(sm3Verify, await verifyOf(sm3Store));
  const sha256Digest = await digestOf(store, 'sha256-stream-heads-v1');
  const sm3Digest = await digestOf(sm3Store, 'sm3-stream-heads-v1');
  await sm3Store.close();

  const rows: Array<[string, Timed, number | null]> = [
    ['store readAll (baseline)', readAll, null],
    ['verify all streams (best of 2)', verify, 0.3],
    ['verify all streams, SM3 chains (best of 2)', sm3Verify, null],
    ['digest sha256-stream-heads-v1', sha256Digest, null],
    ['digest sm3-stream-heads-v1, SM3 chains', sm3Digest, null],
  ];
  for (const projection of API_PROJECTIONS) {
    const runner = new ProjectionRunner(store, projection, path.join(root, `${projection.name}.sqlite`));
    runner.start();
    // The live read model must be caught up first; only the rebuild itself is timed.
    await runner.waitFor(head, 3_600_000);
    const rebuilt = await timed(async () => {
      const status = await runner.rebuild();
      if (status.state !== 'swapped')
        throw new Error(`${projection.name}: rebuild ${status.state} ${status.error ?? JSON.stringify(status.differences)}`);
      return status.applied;
    });
    await runner.close();
    rows.push([`rebuild ${projection.name} (incl. checksums, swap)`, rebuilt, 0.2]);
  }
  await store.close();

  log('');
  log(
    `${'measure'.padEnd(52)} ${'events'.padStart(10)} ${'seconds'.padStart(8)} ${'events/s'.padStart(10)} ` +
      `${'vs readAll'.padStart(10)}  target`,
  );
  let allMet = true;
  for (const [label, r, target] of rows) {
    const ratio = r.rate / readAll.rate;
    const met = target === null || ratio >= target;
    allMet &&= met;
    log(
      `${label.padEnd(52)} ${String(r.events).padStart(10)} ${r.seconds.toFixed(2).padStart(8)} ` +
        `${Math.round(r.rate).toString().padStart(10)} ${`${(ratio * 100).toFixed(0)}%`.padStart(10)}  ` +
        (target === null ? '' : `>= ${target * 100}% ${met ? 'met' : 'MISSED'}`),
    );
  }
  log('');
  log(
    `SM3 / SHA-256, same workload, same run: verify ${((sm3Verify.rate / verify.rate) * 100).toFixed(0)}% of SHA-256's rate, ` +
      `digest ${((sm3Digest.rate / sha256Digest.rate) * 100).toFixed(0)}%`,
  );
  log('');
  log(allMet ? 'all targets met' : 'some targets missed');
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
