// Administration from the command line, on the store and read models the configuration names:
//   npm run admin -- verify                      verify every stream's hash chain; exit 1 on any break
//   npm run admin -- digest                      print the digest at the store's head
//   npm run admin -- digest record               also record it as AuditDigestRecorded on audit-digests
//   npm run admin -- digest check <pos> <hex>    exit 1 unless the store still holds that history
//   npm run admin -- rebuild <projection>        rebuild, compare with the live read model, swap when equal
// `rebuild` writes the read-model file: run it while the API is stopped, or use
// POST /admin/projections/:name/rebuild on a running API instead.
import path from 'node:path';
import { storeCommandSender, type EventStore } from '#event-store';
import { checkStoreDigest, computeStoreDigest, ProjectionRunner, recordDigest, verifyAllStreams } from '#read-models';
import { ConfigError, createEventStore, loadConfig, type AppConfig } from '#platform';
import { API_PROJECTIONS } from '../apps/api/src/projections.js';

const USAGE = 'usage: npm run admin -- verify | digest [record | check <position> <digest>] | rebuild <projection>';

async function verify(store: EventStore): Promise<number> {
  let valid = true;
  for await (const item of verifyAllStreams(store, { progressEvery: 100_000 })) {
    if (item.kind === 'progress') process.stderr.write(`verified ${item.events} events in ${item.streams} streams (position ${item.position})\n`);
    else {
      process.stdout.write(`${JSON.stringify(item)}\n`);
      if (item.kind === 'summary') valid = item.valid;
    }
  }
  return valid ? 0 : 1;
}

async function digest(store: EventStore, args: string[]): Promise<number> {
  if (args[0] === 'record') {
    // A one-shot CLI has no CommandBus: it runs the same command path directly.
    const recorded = await recordDigest(store, storeCommandSender(store));
    process.stdout.write(`${JSON.stringify(recorded ?? { skipped: 'nothing new since the last recorded digest' })}\n`);
    return 0;
  }
  if (args[0] === 'check') {
    const position = Number(args[1]);
    if (!Number.isInteger(position) || position < 0 || !/^[0-9a-fA-F]{64}$/.test(args[2] ?? '')) throw new UsageError();
    const check = await checkStoreDigest(store, { position, digest: args[2]! });
    process.stdout.write(`${JSON.stringify(check)}\n`);
    return check.matches ? 0 : 1;
  }
  if (args.length > 0) throw new UsageError();
  process.stdout.write(`${JSON.stringify(await computeStoreDigest(store))}\n`);
  return 0;
}

async function rebuild(store: EventStore, config: AppConfig, name: string | undefined): Promise<number> {
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

class UsageError extends Error {}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
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
  if (!['verify', 'digest', 'rebuild'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const store = await createEventStore(config);
  try {
    if (command === 'verify') return await verify(store);
    if (command === 'digest') return await digest(store, args);
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
