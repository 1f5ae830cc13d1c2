/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
import path from 'node:path';
import Database from 'better-sqlite3';
import { SetClock } from '#platform';
import { API_PROJECTIONS } from '../apps/api/src/projections.js';
import { eventually } from './support/reminder-harness.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerSpecialGroups } from './support/special-groups.js';

/** The app's "now", moved on by the spec: a read's moment is told from the next command's without waiting. */
const clock = new SetClock(Date.now());
/**
 * The stored state a task answer shows: without what is judged when asked (overdue, light, each milestone's overdue,
 * the reporting period), the sub-tasks' roll-up, the revision, and the instructions and urgings that live on streams
 * of their own.
 */
const stripView = ({
  overdue: _o,
  light: _l,
  revision: _r,
  children: _c,
  reporting: _p,
  instructions: _i,
  urgings: _u,
  milestones,
  ...state
}: Record<string, unknown>) => ({
  ...state,
  ...(Array.isArray(milestones) ? { milestones: milestones.map(({ overdue: _mo, ...m }: Record<string, unknown>) => m) } : {}),
});

describe('audit and administration', () => {
  let t: TestApp;
  let admin: string;
  let office: string;
  let dept: string;
  let storeFile: string;
  const taskIds: string[] = [];
  /** What GET /tasks/:id answered, with the time it was read. */
  const seen: Array<{ id: string; at: string; body: Record<string, unknown> }> = [];

  const registerTask = async (title: string) => {
    const res = await t.request('POST', '/tasks', {
      token: office,
      body: {
        title,
        area: 'government_services',
        specialGroup: 'g1',
        leadUnit: 'transport-bureau',
        responsible: 'Zhang',
        evaluationStandard: 'All items online',
        deadline: '2027-06-30T18:00:00+08:00',
        milestones: [{ title: 'Pilot', due: '2027-01-31T18:00:00+08:00' }],
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const record = async (id: string) => {
    const res = await t.request('GET', `/tasks/${id}`, { token: office });
    expect(res.status).toBe(200);
    seen.push({ id, at: clock.nowIso(), body: res.body });
    // The next command's occurredAt must be later than `at` for asOf to separate them.
    clock.set(clock.now() + 1_000);
  };
  const withStore = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(storeFile);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  const rebuildOutcome = (name: string) =>
    eventually(
      async () => {
        const p = (await t.request('GET', '/admin/projections', { token: admin })).body.find((x: any) => x.name === name);
        return p.rebuild && p.rebuild.state !== 'running' && p.rebuild;
      },
      60_000,
      20,
    );

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    storeFile = path.join(t.dataDir, 'events.sqlite');
    admin = await t.token('admin-1', ['admin']);
    office = await t.token('office-1', ['reform_office']);
    dept = await t.token('dept-1', ['department'], 'transport-bureau');
    await registerSpecialGroups(t, ['g1']);
    for (const title of ['One network', 'Open data', 'Single window']) {
      const id = await registerTask(title);
      taskIds.push(id);
      await record(id);
      for (const [percent, note] of [
        [30, 'started'],
        [60, 'half way'],
      ] as const) {
        expect((await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent, note } })).status).toBe(200);
        await record(id);
      }
    }
    // Other aggregates, so every registered projection has rows to rebuild.
    expect(
      (
        await t.request('POST', '/decisions', {
          token: office,
          body: { title: 'Adopt the plan', content: 'Adopted', taskIds: [taskIds[0]] },
        })
      ).status,
    ).toBe(201);
    expect(
      (await t.request('POST', '/meetings', { token: office, body: { title: 'Joint meeting', scheduledAt: '2027-01-10T09:00:00+08:00' } }))
        .status,
    ).toBe(201);
    expect(
      (
        await t.request('POST', '/matters', {
          token: office,
          body: { title: 'Sign the plan', body: 'Please sign', signers: ['u1', 'u2'], mode: 'all' },
        })
      ).status,
    ).toBe(201);
    const inspector = await t.token('insp-1', ['inspector']);
    expect(
      (await t.request('POST', '/inspections', { token: inspector, body: { title: 'Spring inspection', targetUnit: 'transport-bureau' } }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses everyone but admins (403) and anonymous callers (401)', async () => {
    const routes: Array<['GET' | 'POST', string, unknown?]> = [
      ['GET', `/audit/streams/task-${taskIds[0]}`],
      ['GET', `/audit/streams/task-${taskIds[0]}/verify`],
      ['GET', `/audit/streams/task-${taskIds[0]}/state`],
      ['GET', '/audit/verify'],
      ['GET', '/audit/digest'],
      ['POST', '/audit/digest/check', { position: 1, digest: 'a'.repeat(64) }],
      ['GET', '/audit/events'],
      ['GET', '/audit/export'],
      ['GET', '/admin/projections'],
      ['POST', '/admin/projections/task-ledger/rebuild'],
      ['GET', '/admin/reminders'],
    ];
    for (const [method, url, body] of routes) {
      expect([url, (await t.request(method, url, { token: office, body })).status]).toEqual([url, 403]);
      expect([url, (await t.request(method, url, { body })).status]).toEqual([url, 401]);
    }
  });

  it('pages a stream with metadata and hashes', async () => {
    const stream = `task-${taskIds[0]}`;
    const first = await t.request('GET', `/audit/streams/${stream}?limit=2`, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: any) => e.revision)).toEqual([0, 1]);
    expect(first.body.nextFromRevision).toBe(2);
    const e0 = first.body.events[0];
    expect(e0).toMatchObject({
      type: 'TaskRegistered',
      prevHash: '0'.repeat(64),
      metadata: { actor: { id: 'office-1', roles: ['reform_office'] } },
    });
    expect(e0.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e0.metadata).toEqual(
      expect.objectContaining({
        occurredAt: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        commandId: expect.any(String),
      }),
    );
    expect(first.body.events[1].prevHash).toBe(e0.hash);
    const rest = await t.request('GET', `/audit/streams/${stream}?fromRevision=2&limit=2`, { token: admin });
    expect(rest.body.events.map((e: any) => e.revision)).toEqual([2]);
    expect(rest.body.nextFromRevision).toBeNull();
    expect((await t.request('GET', '/audit/streams/task-nope', { token: admin })).status).toBe(404);
    expect((await t.request('GET', `/audit/streams/${stream}?limit=0`, { token: admin })).status).toBe(400);
  });

  it('replays a task as of every moment GET /tasks/:id was read, by time and by revision', async () => {
    expect(seen).toHaveLength(9);
    for (const s of seen) {
      const stream = `task-${s.id}`;
      const byTime = await t.request('GET', `/audit/streams/${stream}/state?asOf=${encodeURIComponent(s.at)}`, { token: admin });
      expect(byTime.status).toBe(200);
      expect(byTime.body.revision).toBe(s.body['revision']);
      expect(byTime.body.state).toEqual(stripView(s.body));
      const byRevision = await t.request('GET', `/audit/streams/${stream}/state?revision=${String(s.body['revision'])}`, { token: admin });
      expect(byRevision.body.state).toEqual(stripView(s.body));
    }
    const before = await t.request('GET', `/audit/streams/task-${taskIds[0]}/state?asOf=2000-01-01T00:00:00Z`, { token: admin });
    expect(before.body).toMatchObject({ revision: -1, state: null });
    expect(
      (await t.request('GET', `/audit/streams/task-${taskIds[0]}/state?asOf=2000-01-01T00:00:00Z&revision=1`, { token: admin })).status,
    ).toBe(400);
    expect((await t.request('GET', '/audit/streams/unknownkind-1/state', { token: admin })).status).toBe(404);
  });

  it('answers each list of a state with its last `items` items and names the lists it cut', async () => {
    const stream = `task-${taskIds[0]}`;
    const whole = await t.request('GET', `/audit/streams/${stream}/state`, { token: admin });
    // Without `items`, the state whole (API.md: the resource as it stood then).
    expect(whole.body.state.progressReports.map((r: any) => r.note)).toEqual(['started', 'half way']);
    expect(whole.body.shortened).toEqual([]);
    const cut = await t.request('GET', `/audit/streams/${stream}/state?items=1`, { token: admin });
    expect(cut.status).toBe(200);
    expect(cut.body.state.progressReports.map((r: any) => r.note)).toEqual(['half way']);
    expect(cut.body.shortened).toEqual([{ path: 'progressReports', total: 2, from: 1 }]);
    // Everything else as in full; a list of one stays whole.
    expect({ ...cut.body.state, progressReports: whole.body.state.progressReports }).toEqual(whole.body.state);
    expect((await t.request('GET', `/audit/streams/${stream}/state?items=0`, { token: admin })).body).toEqual(whole.body);
    expect((await t.request('GET', `/audit/streams/${stream}/state?items=-1`, { token: admin })).status).toBe(400);
  });

  it('filters and pages the global log, and exports it as NDJSON', async () => {
    // GET /audit/events waits for the audit log to reach the head, so every event above is in it.
    const page1 = await t.request('GET', '/audit/events?type=TaskProgressReported&limit=4', { token: admin });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(4);
    expect(page1.body.items.every((e: any) => e.type === 'TaskProgressReported' && e.actor.id === 'dept-1')).toBe(true);
    const page2 = await t.request('GET', `/audit/events?type=TaskProgressReported&limit=4&cursor=${page1.body.nextCursor as string}`, {
      token: admin,
    });
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const byActor = await t.request('GET', '/audit/events?actor=office-1&limit=500', { token: admin });
    expect(byActor.body.items.every((e: any) => e.actor.id === 'office-1')).toBe(true);
    const future = await t.request('GET', '/audit/events?from=2100-01-01T00:00:00Z', { token: admin });
    expect(future.body.items).toEqual([]);

    const exported = await t.request('GET', `/audit/export?stream=task-${taskIds[1]}`, { token: admin });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(lines[0]).toMatchObject({
      stream: `task-${taskIds[1]}`,
      type: 'TaskRegistered',
      data: expect.any(Object),
      hash: expect.any(String),
    });
    const all = await t.request('GET', '/audit/export?actor=dept-1', { token: admin });
    expect(all.text.trim().split('\n')).toHaveLength(6);
  });

  it('follows a correlation id and a causation id to every event of that command, in the log and the export alike', async () => {
    const registered = await t.request('GET', `/audit/events?stream=task-${taskIds[2]}&limit=1`, { token: admin });
    const first = registered.body.items[0];
    expect(first.correlationId).toEqual(expect.any(String));
    const byCorrelation = await t.request('GET', `/audit/events?correlation=${first.correlationId as string}&limit=500`, { token: admin });
    expect(byCorrelation.status).toBe(200);
    expect(byCorrelation.body.items.map((e: any) => e.id)).toContain(first.id);
    expect(byCorrelation.body.items.every((e: any) => e.correlationId === first.correlationId)).toBe(true);
    // The other tasks' commands are other correlations.
    expect(byCorrelation.body.items.some((e: any) => e.stream === `task-${taskIds[0]}`)).toBe(false);
    const byCausation = await t.request('GET', `/audit/events?causation=${first.causationId as string}&limit=500`, { token: admin });
    expect(byCausation.body.items.map((e: any) => e.id)).toContain(first.id);
    expect(byCausation.body.items.every((e: any) => e.causationId === first.causationId)).toBe(true);
    // The export filters in memory what the log filters in SQL: the same events.
    const exported = await t.request('GET', `/audit/export?correlation=${first.correlationId as string}`, { token: admin });
    const ids = exported.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(byCorrelation.body.items.map((e: any) => e.id));
  });

  it('answers the reminder figures of /metrics as JSON: the queue by state, sent by kind, failed by kind and channel', async () => {
    const res = await t.request('GET', '/admin/reminders', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      queue: {
        waiting: expect.any(Number),
        delayed: expect.any(Number),
        active: expect.any(Number),
        completed: expect.any(Number),
        failed: expect.any(Number),
      },
      sent: expect.any(Array),
      failed: expect.any(Array),
    });
  });

  it('rebuilds every registered projection to the same checksum as the incremental one and swaps it in', async () => {
    const listed = await t.request('GET', '/admin/projections', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: any) => p.name).sort()).toEqual(API_PROJECTIONS.map((p) => p.name).sort());
    for (const p of listed.body) expect(p).toMatchObject({ status: 'live', lag: expect.any(Number), error: null });

    for (const { name } of API_PROJECTIONS) {
      const started = await t.request('POST', `/admin/projections/${name}/rebuild`, { token: admin });
      expect(started.status).toBe(202);
      const outcome = await rebuildOutcome(name);
      expect([name, outcome.state, outcome.differences, outcome.error]).toEqual([name, 'swapped', [], null]);
      expect(outcome.compared).toBe(true);
      expect(outcome.applied).toBeGreaterThan(0);
    }
    // The swapped-in ledger serves, and keeps following new events.
    const id = await registerTask('After the rebuild');
    expect((await t.request('GET', `/tasks/${id}`, { token: office })).status).toBe(200);
    expect((await t.request('POST', '/admin/projections/nope/rebuild', { token: admin })).status).toBe(404);
  });
  it('detects a tampered event at its revision, fails the digest check, and catches a deleted head', async () => {
    const stream = `task-${taskIds[1]}`;
    expect((await t.request('GET', `/audit/streams/${stream}/verify`, { token: admin })).body).toEqual({
      stream,
      valid: true,
      events: 3,
      firstInvalidRevision: null,
      reason: null,
      files: { checked: 0, missing: [], corrupt: [] },
    });
    const digest = await t.request('GET', '/audit/digest', { token: admin });
    expect(digest.status).toBe(200);
    expect(digest.body).toMatchObject({ algorithm: 'sha256-stream-heads-v1', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const earlier = { position: digest.body.position as number, digest: digest.body.digest as string };
    expect((await t.request('POST', '/audit/digest/check', { token: admin, body: earlier })).body).toMatchObject({
      matches: true,
      broken: [],
    });

    const original = withStore(
      (db) => (db.prepare('SELECT data FROM events WHERE stream = ? AND revision = 1').get(stream) as { data: string }).data,
    );
    withStore((db) => db.prepare(`UPDATE events SET data = json_set(data, '$.percent', 99) WHERE stream = ? AND revision = 1`).run(stream));

    expect((await t.request('GET', `/audit/streams/${stream}/verify`, { token: admin })).body).toEqual({
      stream,
      valid: false,
      events: 2,
      firstInvalidRevision: 1,
      reason: 'hash_mismatch',
      files: { checked: 0, missing: [], corrupt: [] },
    });
    const check = await t.request('POST', '/audit/digest/check', { token: admin, body: earlier });
    expect(check.body).toMatchObject({ matches: false, broken: [{ stream, firstInvalidRevision: 1, reason: 'hash_mismatch' }] });
    const all = await t.request('GET', '/audit/verify', { token: admin });
    const items = all.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(items.filter((i) => i.kind === 'invalid')).toEqual([
      { kind: 'invalid', stream, events: 2, firstInvalidRevision: 1, reason: 'hash_mismatch' },
    ]);
    expect(items[items.length - 1]).toMatchObject({ kind: 'summary', valid: false, invalidStreams: 1 });

    // Put it back: the same digest matches again, so the check is about content, not about time.
    withStore((db) => db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 1').run(original, stream));
    expect((await t.request('POST', '/audit/digest/check', { token: admin, body: earlier })).body.matches).toBe(true);

    // Removing a stream's last event leaves a valid chain; only the digest can tell.
    const other = `task-${taskIds[2]}`;
    withStore((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 2').run(other));
    expect((await t.request('GET', `/audit/streams/${other}/verify`, { token: admin })).body.valid).toBe(true);
    expect((await t.request('POST', '/audit/digest/check', { token: admin, body: earlier })).body).toMatchObject({
      matches: false,
      broken: [],
    });
    expect(
      (
        await t.request('POST', '/audit/digest/check', {
          token: admin,
          body: { position: earlier.position + 1000, digest: earlier.digest },
        })
      ).status,
    ).toBe(409);

    // The ledger still shows the removed event; a rebuild from the store disagrees and is not swapped in.
    expect((await t.request('POST', '/admin/projections/task-ledger/rebuild', { token: admin })).status).toBe(202);
    const outcome = await rebuildOutcome('task-ledger');
    // The removed event was a progress report: its note is also in the search index's texts, its
    // progress opened a stretch of the history (the light reads progress) and moved the roll-up's sums.
    expect(outcome).toMatchObject({
      state: 'mismatch',
      compared: true,
      differences: [
        { table: 'tasks', live: { rows: 4 }, rebuilt: { rows: 4 } },
        { table: 'task_history', live: { rows: 10 }, rebuilt: { rows: 9 } },
        // The roll-up keeps the progress sum the removed report moved (its row count follows the minutes
        // the test's instants fall in), and its member row's progress.
        { table: 'task_rollup', live: { rows: expect.any(Number) }, rebuilt: { rows: expect.any(Number) } },
        { table: 'task_rollup_members', live: { rows: 4 }, rebuilt: { rows: 4 } },
        { table: 'tasks_search_keys', live: { rows: 4 }, rebuilt: { rows: 4 } },
      ],
    });
    expect((await t.request('GET', `/tasks/${taskIds[2]}`, { token: office })).body.revision).toBe(2);
  });
});
