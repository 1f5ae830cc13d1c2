import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { isStreamOf } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  EVENT_STORE,
  loadConfig,
  ProjectionsService,
  ReminderEngine,
  ReminderWorkerModule,
  type Clock,
  type ReminderWorkerOptions,
} from '#platform';
import { REMINDER_QUEUE } from '#reminders';
import { cleanRedisPrefix, startTestApp, TEST_SECRET, type TestApp } from './test-app.js';

/** Settings that make a reminder schedule play out in seconds. */
export const FAST_REMINDERS = {
  REMINDER_OFFSETS: '3s,1s,0',
  REMINDER_ESCALATE_EVERY: '1s',
  REMINDER_ESCALATE_MAX: '1',
  REMINDER_SWEEP_EVERY: '1s',
  REMINDER_ESCALATE_TO: 'office-watch',
};

/** Worker knobs for tests: quick retries, quick recovery of a killed worker's jobs. */
export const FAST_WORKER: Partial<ReminderWorkerOptions> = {
  attempts: 3,
  backoffMs: 200,
  concurrency: 8,
  lockDurationMs: 1_500,
  stalledIntervalMs: 500,
};

/** A test app with (or without) the in-process reminder worker, on its own prefix and data dir. */
export interface ReminderApp extends TestApp {
  prefix: string;
  env: Record<string, string>;
  store: EventStore;
  office: string;
  /** Schedules a meeting and adds an item due `inMs` from now (its unit `transport` unless said); answers ids and the item. */
  addItem(owner: string, inMs: number, title?: string, ownerUnit?: string): Promise<{ meetingId: string; itemId: string; item: any }>;
  /** Reminder events (`ReminderSent`, `ReminderFailed`) of one meeting's items. */
  events(meetingId: string, type: string): Promise<RecordedEvent[]>;
  inbox(user: string): Promise<any[]>;
  shutdown(): Promise<void>;
}

export async function startReminderApp(
  env: Record<string, string> = {},
  options: { worker?: Partial<ReminderWorkerOptions> | false; clock?: Clock } = {},
): Promise<ReminderApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reform-reminders-'));
  const prefix = `t${Math.random().toString(36).slice(2, 10)}`;
  const fullEnv = { ...FAST_REMINDERS, QUEUE_PREFIX: prefix, ...env };
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    EVENT_STORE_SYNCHRONOUS: 'NORMAL',
    ...fullEnv,
  });
  const extraImports =
    options.worker === false ? [] : [ReminderWorkerModule.forRoot(config, { ...FAST_WORKER, ...(options.worker ?? {}) })];
  const t = await startTestApp(fullEnv, { dataDir, extraImports, ...(options.clock ? { clock: options.clock } : {}) });
  const store = t.app.get<EventStore>(EVENT_STORE);
  const office = await t.token('office-1', ['reform_office']);
  let meetingId: string | null = null;
  return {
    ...t,
    prefix,
    env: {
      ...fullEnv,
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      EVENT_STORE_SYNCHRONOUS: 'NORMAL',
    },
    store,
    office,
    async addItem(owner, inMs, title = 'Publish the merged checklist', ownerUnit = 'transport') {
      if (!meetingId) {
        const m = await t.request('POST', '/meetings', {
          token: office,
          body: { title: 'Joint meeting', scheduledAt: new Date().toISOString() },
        });
        if (m.status !== 201) throw new Error(`schedule: ${m.status} ${m.text}`);
        meetingId = m.body.id as string;
      }
      const res = await t.request('POST', `/meetings/${meetingId}/items`, {
        token: office,
        body: { title, owner, ownerUnit, deadline: new Date(Date.now() + inMs).toISOString() },
      });
      if (res.status !== 201) throw new Error(`add item: ${res.status} ${res.text}`);
      return { meetingId, itemId: res.body.id as string, item: res.body };
    },
    async events(id, type) {
      // Reminders live on their own streams (`reminder-<key>`), naming their meeting and item.
      const out: RecordedEvent[] = [];
      for await (const e of store.readAll()) {
        if (e.type === type && isStreamOf(e.stream, 'reminder') && (e.data as { meetingId?: string }).meetingId === id) out.push(e);
      }
      return out;
    },
    async inbox(user) {
      const res = await t.request('GET', '/notifications?limit=500', { token: await t.token(user, ['department']) });
      return res.body.items as any[];
    },
    async shutdown() {
      await t.close();
      await cleanRedisPrefix(config.REDIS_URL, prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a task as the office, in special group `services` (which the spec registers) with the
 * reminder specs' responsible and standard; `fields` give the rest (`leadUnit`, `deadline`, a
 * cycle). Answers its id.
 */
export async function registerTask(t: ReminderApp, title: string, fields: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/tasks', {
    token: t.office,
    body: { title, area: 'government_services', specialGroup: 'services', responsible: '张伟', evaluationStandard: '按期完成', ...fields },
  });
  expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
  return res.body.id as string;
}

/** The inbox of the caller of `token`, as `GET /notifications` answers it. */
export async function inboxOf(t: TestApp, token: string): Promise<InboxNote[]> {
  return (await t.request('GET', '/notifications?limit=500', { token })).body.items as InboxNote[];
}

/** Polls until `check` returns a truthy value (or throws its last error after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | false | null | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw last instanceof Error ? last : new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Beijing wall-clock time (UTC+8, no daylight saving), computed apart from the product's formatter. */
export const beijing = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** An inbox entry as `GET /notifications` answers it. */
export interface InboxNote {
  id: string;
  kind: string;
  subject: string;
  refs: Record<string, unknown>;
  readAt: string | null;
}

/** Empties one Redis database, which a spec dedicates to itself so nothing but its keys is lost. */
export async function flushRedisDb(db: number): Promise<void> {
  const redis = new Redis(`redis://127.0.0.1:6379/${db}`);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/**
 * The barrier after which "nothing more arrives" is a fact rather than a wait: the reminder
 * scheduler has folded every event in the store (nothing more will be planned), the queue holds
 * no job of the subject still to run (waiting, delayed or retrying, active), so none can
 * deliver, and every read model has applied the store's head (what was delivered shows). Polls
 * for it with a deadline; `ofSubject` picks the subject's jobs by their data.
 */
export async function remindersSettled(
  t: TestApp,
  ofSubject: (data: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const engine = t.app.get(ReminderEngine);
  const queue = t.app.get<Queue>(getQueueToken(REMINDER_QUEUE));
  const projections = t.app.get(ProjectionsService);
  const store = t.app.get<EventStore>(EVENT_STORE);
  await eventually(async () => {
    const head = await store.headPosition();
    if (head !== null && !(await engine.projection.waitFor(head, 1_000))) return false;
    const pending = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
    if (pending.some((job) => job && (job.data as { type: string }).type !== 'sweep' && ofSubject(job.data as Record<string, unknown>)))
      return false;
    const settledHead = await store.headPosition();
    return settledHead === null || (await projections.waitForAll(settledHead, 1_000));
  }, timeoutMs);
}

/** One request the webhook receiver saw. */
export interface WebhookHit {
  id: string;
  body: any;
  signatureValid: boolean;
  attempt: number;
  answered: number;
}

/**
 * A real local HTTP receiver that checks `X-Signature` against the raw body and answers what
 * `decide(hit)` says (a status, or 'hang' to keep the request open).
 */
export async function startWebhookReceiver(secret: string, decide: (hit: Omit<WebhookHit, 'answered'>) => number | 'hang') {
  const hits: WebhookHit[] = [];
  const attempts = new Map<string, number>();
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      const body = JSON.parse(raw) as { id: string };
      const attempt = (attempts.get(body.id) ?? 0) + 1;
      attempts.set(body.id, attempt);
      const hit = { id: body.id, body, signatureValid: req.headers['x-signature'] === expected, attempt };
      const answer = hit.signatureValid ? decide(hit) : 401;
      if (answer === 'hang') {
        hits.push({ ...hit, answered: 0 });
        hanging.push(res);
        return;
      }
      hits.push({ ...hit, answered: answer });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    hits,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
