/*
 * Reminder engine benchmark: 10,000 action items with deadlines spread over 60 s, scheduled by
 * the real scheduler projection and delivered by the real delivery path (state check, event
 * append, inbox), against a baseline of the same number of raw BullMQ delayed jobs added with
 * addBulk and consumed by a no-op worker. Prints lateness p50/p99/max, scheduling rates and
 * the ratios to the targets (p99 lateness within 2x raw; scheduling >= 50% of raw addBulk).
 * Lateness is delivered-at (the processor done) minus due-at for both, and is split into
 * pickup (due -> processor starts: BullMQ and Redis) and work (the processor), with the
 * event-loop delay and the appends refused for a concurrent write during delivery.
 *   npm run bench:reminders   (N=10000 SPREAD_MS=60000 REDIS_URL=redis://127.0.0.1:6379)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue, Worker, type Job } from 'bullmq';
import { DEFAULT_DUE_CALENDAR, DEFAULT_DUE_DAY_REMINDER, meetingDeciderFor, meetingStream, type MeetingCommand } from '#domain';
import { executeCommand, SqliteEventStore, storeCommandSender, WrongExpectedVersion, type EventStore } from '#event-store';
import { ReminderDelivery, ReminderScheduler, type ItemReminderJob, type ReminderJobData, type ReminderSettings } from '#reminders';
import { Translator } from '#platform';

// Decides as a deployment that configured nothing (the default calendar).
const meetingDecider = meetingDeciderFor(DEFAULT_DUE_CALENDAR);

const N = Number(process.env['N'] ?? 10_000);
const SPREAD_MS = Number(process.env['SPREAD_MS'] ?? 60_000);
const LEAD_MS = 5_000;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = 32;
const connection = { url: REDIS_URL, maxRetriesPerRequest: null } as never;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const summary = (xs: number[]) => ({ p50: pct(xs, 50), p99: pct(xs, 99), max: Math.max(...xs) });

/** Where a delivery's time went: pickup (due -> processor starts), work (processor), event-loop delay. */
interface Phases {
  pickup: number[];
  work: number[];
  loopP99: number;
  loopMax: number;
  conflicts: number;
}

async function raw(prefix: string): Promise<{ rate: number; lateness: number[]; phases: Phases }> {
  // Warm BullMQ's and ioredis's code paths first: measured cold, the baseline (which runs
  // first) would be slower than it is and flatter the engine's ratio.
  const warm = new Queue('warm', { connection, prefix });
  for (let i = 0; i < 4; i++)
    await warm.addBulk(
      Array.from({ length: 500 }, (_, k) => ({ name: 'w', data: { at: 0 }, opts: { jobId: `w_${i}_${k}`, delay: 600_000 } })),
    );
  await warm.obliterate({ force: true });
  await warm.close();
  const queue = new Queue('raw', { connection, prefix });
  const start = Date.now() + LEAD_MS;
  const ats = Array.from({ length: N }, (_, i) => start + Math.floor((i * SPREAD_MS) / N));
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    // The delay is computed per call, as the engine does: BullMQ counts it from the add.
    const now = Date.now();
    await queue.addBulk(
      ats
        .slice(i, i + 500)
        .map((at, k) => ({ name: 'r', data: { at }, opts: { jobId: `raw_${i + k}`, delay: at - now, removeOnComplete: true } })),
    );
  }
  const rate = N / ((performance.now() - t0) / 1000);
  const lateness: number[] = [];
  const phases: Phases = { pickup: [], work: [], loopP99: 0, loopMax: 0, conflicts: 0 };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    'raw',
    async (job: Job<{ at: number }>) => {
      const started = Date.now();
      // Delivered-at is taken when the processor is done, as for the engine (whose work is real).
      const delivered = Date.now();
      phases.pickup.push(started - job.data.at);
      phases.work.push(delivered - started);
      lateness.push(delivered - job.data.at);
      if (lateness.length === N) finish();
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  await done;
  loop.disable();
  phases.loopP99 = loop.percentile(99) / 1e6;
  phases.loopMax = loop.max / 1e6;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { rate, lateness, phases };
}

/** The store, counting appends refused for a concurrent write (each costs a re-read and a backoff). */
function countingConflicts(inner: EventStore, phases: Phases): EventStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== 'appendToStream') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        try {
          return await target.appendToStream(...args);
        } catch (e) {
          if (e instanceof WrongExpectedVersion) phases.conflicts++;
          throw e;
        }
      };
    },
  });
}

async function engine(prefix: string): Promise<{ rate: number; lateness: number[]; appendRate: number; phases: Phases }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reform-bench-reminders-'));
  const phases: Phases = { pickup: [], work: [], loopP99: 0, loopMax: 0, conflicts: 0 };
  const sqlite = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const store = countingConflicts(sqlite, phases);
  const settings: ReminderSettings = {
    offsetsMs: [0],
    taskOffsetsMs: [0],
    escalateEveryMs: 0,
    escalateMax: 0,
    escalateTo: [],
    sweepEveryMs: 300_000,
    dueDay: DEFAULT_DUE_DAY_REMINDER,
  };
  const queue = new Queue<ReminderJobData>('reminders', { connection, prefix });
  const actor = { id: 'office', roles: ['reform_office' as const] };
  const ctx = (id: string) => ({
    actor: { id: 'office', roles: ['reform_office'] },
    occurredAt: new Date().toISOString(),
    correlationId: id,
    causationId: id,
    commandId: id,
  });
  const run = (cmd: MeetingCommand, id: string) => executeCommand(store, 'meeting-bench', meetingDecider, cmd, { context: ctx(id) });
  // Items are appended before the scheduler starts, so the scheduling rate is the projection's
  // own (events -> Redis), comparable to raw addBulk.
  const now = new Date().toISOString();
  await run(
    { type: 'ScheduleMeeting', data: { meetingId: 'bench', title: 'bench', scheduledAt: now }, metadata: { actor, now } },
    'schedule',
  );
  const start = Date.now() + LEAD_MS + 10_000;
  const a0 = performance.now();
  // One stream per meeting; 100 meetings of 100 items keep each fold short.
  const meetings = Math.ceil(N / 100);
  for (let m = 0; m < meetings; m++) {
    const stream = meetingStream(`b${m}`);
    const exec = (cmd: MeetingCommand, id: string) => executeCommand(store, stream, meetingDecider, cmd, { context: ctx(id) });
    await exec(
      { type: 'ScheduleMeeting', data: { meetingId: `b${m}`, title: 'bench', scheduledAt: now }, metadata: { actor, now } },
      `s${m}`,
    );
    for (let k = 0; k < 100 && m * 100 + k < N; k++) {
      const i = m * 100 + k;
      const deadline = new Date(start + Math.floor((i * SPREAD_MS) / N)).toISOString();
      await exec(
        {
          type: 'AddItem',
          data: { meetingId: `b${m}`, itemId: `i${i}`, title: 'x', owner: `u${i % 50}`, ownerUnit: 'u', deadline },
          metadata: { actor, now },
        },
        `a${i}`,
      );
    }
  }
  const appendRate = N / ((performance.now() - a0) / 1000);
  const scheduler = new ReminderScheduler({
    store,
    queue,
    file: path.join(dir, 'reminder-scheduler.sqlite'),
    settings,
    jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true },
  });
  const head = (await store.headPosition())!;
  const t0 = performance.now();
  scheduler.start();
  await scheduler.waitFor(head, 120_000);
  const rate = N / ((performance.now() - t0) / 1000);
  const lateness: number[] = [];
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, new Translator('zh-CN', 'Asia/Shanghai'), {
    sent: (_k, ms) => lateness.push(ms),
    failed: () => undefined,
  });
  phases.conflicts = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker<ReminderJobData>(
    'reminders',
    async (job) => {
      const data = job.data as ItemReminderJob;
      const started = Date.now();
      phases.pickup.push(started - Date.parse(data.at));
      await delivery.run({ id: job.id!, data, attemptsMade: job.attemptsMade, attempts: 3 });
      phases.work.push(Date.now() - started);
      if (lateness.length === N) finish();
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  await done;
  loop.disable();
  phases.loopP99 = loop.percentile(99) / 1e6;
  phases.loopMax = loop.max / 1e6;
  await worker.close();
  await scheduler.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { rate, lateness, appendRate, phases };
}

const prefix = `bench${Date.now().toString(36)}`;
console.log(`reminders benchmark: ${N} reminders over ${SPREAD_MS / 1000} s, worker concurrency ${CONCURRENCY}, ${REDIS_URL}`);
const r = await raw(`${prefix}r`);
const e = await engine(`${prefix}e`);
const rl = summary(r.lateness);
const el = summary(e.lateness);
const fmt = (x: number) => x.toFixed(0).padStart(7);
console.log(`                          p50 ms   p99 ms   max ms   scheduled/s`);
console.log(`raw BullMQ addBulk      ${fmt(rl.p50)}  ${fmt(rl.p99)}  ${fmt(rl.max)}   ${r.rate.toFixed(0)}`);
console.log(
  `reminder engine         ${fmt(el.p50)}  ${fmt(el.p99)}  ${fmt(el.max)}   ${e.rate.toFixed(0)}   (items appended at ` +
    `${e.appendRate.toFixed(0)}/s, not counted)`,
);
const phaseLine = (name: string, p: Phases) => {
  const pk = summary(p.pickup);
  const wk = summary(p.work);
  return (
    `  ${name.padEnd(8)} pickup p50/p99/max ${pk.p50}/${pk.p99}/${pk.max} ms, work p50/p99/max ${wk.p50}/${wk.p99}/${wk.max} ` +
    `ms, event-loop delay p99/max ${p.loopP99.toFixed(0)}/${p.loopMax.toFixed(0)} ms, append conflicts ${p.conflicts}`
  );
};
console.log('where the lateness goes (pickup: due -> processor starts; work: processor start -> delivered):');
console.log(phaseLine('raw', r.phases));
console.log(phaseLine('engine', e.phases));
const latRatio = el.p99 / Math.max(1, rl.p99);
const rateRatio = e.rate / r.rate;
console.log(`p99 lateness ratio engine/raw: ${latRatio.toFixed(2)}x (target <= 2x, floor 1 ms) ${latRatio <= 2 ? 'OK' : 'MISSED'}`);
console.log(`scheduling rate ratio engine/raw: ${(rateRatio * 100).toFixed(0)}% (target >= 50%) ${rateRatio >= 0.5 ? 'OK' : 'MISSED'}`);
process.exit(0);
