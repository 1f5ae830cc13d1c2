// Child process of read-model-db.int-spec.ts: at each agreed moment, opens a new read-model
// file and a new event store file that its sibling processes open at the same moment, as two
// API replicas do at boot on one data directory. Prints "ok" per round, or the error and exits 1.
import path from 'node:path';
import { SqliteEventStore } from '#event-store';
import { openReadModelDb } from './read-model-db.js';

const [dir, startAtArg, roundsArg, gapArg] = process.argv.slice(2);
const startAt = Number(startAtArg);
const rounds = Number(roundsArg);
const gapMs = Number(gapArg);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

for (let round = 0; round < rounds; round++) {
  const at = startAt + round * gapMs;
  if (Date.now() < at - 2) Atomics.wait(sleeper, 0, 0, at - Date.now() - 2);
  while (Date.now() < at) {
    // spin the last milliseconds so that the siblings start within the same instant
  }
  try {
    openReadModelDb(path.join(dir, `read-${round}.sqlite`)).close();
    SqliteEventStore.open({ path: path.join(dir, `events-${round}.sqlite`) }).close();
    process.stdout.write(`ok ${round}\n`);
  } catch (error) {
    process.stdout.write(`round ${round}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
