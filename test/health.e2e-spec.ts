import { startTestApp, type TestApp } from './support/test-app.js';

describe('operations routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness without a token', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready when the event store and Redis answer', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.info.eventStore.status).toBe('up');
    expect(res.body.info.redis.status).toBe('up');
    expect(res.body.status).toBe('ok');
  });

  it('serves Prometheus metrics', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('reform_command_duration_seconds');
  });

  it("counts the store's group commits and each projection's writes, and the counters only grow", async () => {
    const value = (text: string, series: string) =>
      Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 'NaN');
    const series = [
      'reform_event_store_commits_total',
      'reform_event_store_commit_appends_total',
      'reform_projection_write_batches_total{projection="units"}',
      'reform_projection_write_events_total{projection="units"}',
    ];
    const before = (await t.request('GET', '/metrics')).text;
    const office = await t.token('metrics-office', ['reform_office']);
    for (const code of ['metrics-city', 'metrics-town']) {
      // Each answer waits for the units read model, so its write is counted before the next scrape.
      expect((await t.request('POST', '/units', { token: office, body: { code, name: code, level: 'city' } })).status).toBe(201);
    }
    const after = (await t.request('GET', '/metrics')).text;
    for (const s of series) expect(value(after, s) - (Number.isNaN(value(before, s)) ? 0 : value(before, s))).toBeGreaterThanOrEqual(2);
    expect(value(after, 'reform_event_store_commit_seconds_total')).toBeGreaterThan(0);
    expect(value(after, 'reform_projection_write_seconds_total{projection="units"}')).toBeGreaterThan(0);
    // Nothing written since: a third scrape reports the same totals.
    const again = (await t.request('GET', '/metrics')).text;
    for (const s of series) expect(value(again, s)).toBe(value(after, s));
  });

  it('refuses a route without a token with problem+json 401', async () => {
    const res = await t.request('GET', '/tasks');
    expect([401, 404]).toContain(res.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('readiness without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on this port, so Redis is "down" for this instance only.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6390' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 200 degraded, naming Redis as down: commands still go to the event store', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.degraded).toEqual(['redis']);
    expect(res.body.error.redis.status).toBe('down');
    expect(res.body.details.eventStore.status).toBe('up');
  });

  it('accepts a command with an Idempotency-Key, and its repeat appends nothing (the ids derive from the key)', async () => {
    const office = await t.token('office-1', ['reform_office']);
    const body = { title: '联席会议', scheduledAt: '2030-01-01T09:00:00+08:00' };
    const first = await t.request('POST', '/meetings', { token: office, body, headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    const head = await t.head();
    const again = await t.request('POST', '/meetings', { token: office, body, headers: { 'idempotency-key': 'k-1' } });
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id, revision: first.body.revision } });
    expect(await t.head()).toBe(head);
  });
});
