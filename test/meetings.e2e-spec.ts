import { inboxDecider, inboxStream, type InboxEvent } from '#domain';
import { BusCommandSender, ProjectionsService } from '#platform';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('joint meetings, action items and the inbox (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('serves every route of API.md "Joint meetings" with its roles and status codes', async () => {
    const office = await t.token('office-1', ['reform_office']);
    const alice = await t.token('alice', ['department'], 'transport');
    const bob = await t.token('bob', ['department'], 'health');
    expect(
      (await t.request('POST', '/meetings', { token: alice, body: { title: 'x', scheduledAt: '2030-01-01T09:00:00+08:00' } })).status,
    ).toBe(403);
    const m = await t.request('POST', '/meetings', {
      token: office,
      body: { title: 'Permits', scheduledAt: '2030-01-01T09:00:00+08:00', attendees: ['alice'] },
    });
    expect(m.status).toBe(201);
    expect(m.body).toMatchObject({
      title: 'Permits',
      scheduledAt: '2030-01-01T01:00:00.000Z',
      status: 'scheduled',
      items: [],
      revision: 0,
    });
    const id = m.body.id;
    const past = await t.request('POST', `/meetings/${id}/items`, {
      token: office,
      body: { title: 'Late', owner: 'alice', ownerUnit: 'transport', deadline: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(201);
    expect(past.body).toMatchObject({ meetingId: id, owner: 'alice', status: 'open', overdue: true, completedAt: null, reminders: [] });
    const future = await t.request('POST', `/meetings/${id}/items`, {
      token: office,
      body: { title: 'Soon', owner: 'bob', ownerUnit: 'health', deadline: '2031-01-01T00:00:00Z' },
    });
    expect(future.status).toBe(201);
    expect(
      (
        await t.request('POST', `/meetings/${id}/items`, {
          token: office,
          body: { title: 'x', owner: 'a', ownerUnit: 'u', deadline: 'soon' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.request('POST', `/meetings/nope/items`, {
          token: office,
          body: { title: 'x', owner: 'a', ownerUnit: 'u', deadline: '2031-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(404);

    const moved = await t.request('POST', `/meetings/${id}/items/${future.body.id}/deadline`, {
      token: office,
      body: { deadline: '2031-02-01T00:00:00Z', reason: 'later' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.deadline).toBe('2031-02-01T00:00:00.000Z');
    expect((await t.request('POST', `/meetings/${id}/items/${past.body.id}/complete`, { token: bob, body: { note: 'x' } })).status).toBe(
      403,
    );
    const completed = await t.request('POST', `/meetings/${id}/items/${past.body.id}/complete`, { token: alice, body: { note: 'done' } });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'done', overdue: false });
    expect(
      (await t.request('POST', `/meetings/${id}/items/${past.body.id}/complete`, { token: alice, body: { note: 'again' } })).status,
    ).toBe(409);
    expect(
      (await t.request('POST', `/meetings/${id}/items/${future.body.id}/cancel`, { token: alice, body: { reason: 'x' } })).status,
    ).toBe(403);

    const listMine = await t.request('GET', '/action-items?owner=me', { token: alice });
    expect(listMine.body.items.map((i: any) => i.id)).toEqual([past.body.id]);
    // A department reads the items its unit owns (API.md "Who may read what"): health's item is the office's and bob's to read.
    expect((await t.request('GET', '/action-items?ownerUnit=health', { token: alice })).body.items).toEqual([]);
    const open = await t.request('GET', '/action-items?status=open&ownerUnit=health&dueBefore=2032-01-01T00:00:00Z', { token: office });
    expect(open.body.items.map((i: any) => i.id)).toEqual([future.body.id]);
    expect((await t.request('GET', '/action-items?overdue=true', { token: alice })).body.items).toEqual([]);
    const page = await t.request('GET', '/action-items?limit=1', { token: office });
    expect(page.body.items).toHaveLength(1);
    const page2 = await t.request('GET', `/action-items?limit=1&cursor=${page.body.nextCursor}`, { token: office });
    expect(page2.body.items[0].id).not.toBe(page.body.items[0].id);
    expect((await t.request('GET', '/action-items?status=later', { token: alice })).status).toBe(400);

    const cancelled = await t.request('POST', `/meetings/${id}/items/${future.body.id}/cancel`, {
      token: office,
      body: { reason: 'merged' },
    });
    expect(cancelled.body.status).toBe('cancelled');
    const concluded = await t.request('POST', `/meetings/${id}/conclude`, { token: office, body: { minutes: 'Agreed.' } });
    expect(concluded.status).toBe(200);
    expect(concluded.body).toMatchObject({ status: 'concluded', minutes: 'Agreed.' });
    expect(
      (
        await t.request('POST', `/meetings/${id}/items`, {
          token: office,
          body: { title: 'x', owner: 'a', ownerUnit: 'u', deadline: '2031-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(409);
    const got = await t.request('GET', `/meetings/${id}`, { token: office });
    expect(got.headers['etag']).toBe(`"${got.body.revision}"`);
    expect(got.body.items).toHaveLength(2);
    // A department sees the meeting's title and date with the items its unit owns, not the minutes or the others' items.
    const bobs = await t.request('GET', `/meetings/${id}`, { token: bob });
    expect(bobs.body).toMatchObject({ title: 'Permits', minutes: null, attendees: [] });
    expect(bobs.body.items.map((i: { id: string }) => i.id)).toEqual([future.body.id]);
    expect((await t.request('GET', '/meetings', { token: bob })).body.items.map((x: any) => x.id)).toContain(id);
    const outsider = await t.token('carol', ['department'], 'finance');
    expect((await t.request('GET', `/meetings/${id}`, { token: outsider })).status).toBe(404);
    expect((await t.request('GET', '/meetings', { token: outsider })).body.items.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it('inbox: only the caller’s notifications; marking read is an event, a stranger gets 404', async () => {
    const alice = await t.token('alice', ['department']);
    expect((await t.request('GET', '/notifications', { token: alice })).body).toEqual({ items: [], nextCursor: null });
    expect((await t.request('POST', '/notifications/nope/read', { token: alice })).status).toBe(404);
  });

  it('replays an inbox stream in the audit trail like any aggregate', async () => {
    const carol = await t.token('carol', ['department']);
    const worker = { id: 'reminder-worker', roles: ['admin' as const] };
    const now = new Date().toISOString();
    // A notification in the shape stores written before reminder streams hold (no command records
    // it any more), appended through the CommandBus by a decider that answers just that event;
    // then read over HTTP.
    const legacy: InboxEvent = {
      type: 'NotificationDelivered',
      data: { userId: 'carol', notificationId: 'note-1', kind: 'matter_before', subject: 'Sign soon', refs: {}, deliveredAt: now },
    };
    const delivered = await t.app
      .get(BusCommandSender)
      .send(
        inboxStream('carol'),
        { ...inboxDecider, decide: () => [legacy] },
        { type: 'MarkNotificationRead', data: { userId: 'carol', notificationId: 'note-1' }, metadata: { actor: worker, now } },
        { context: { actor: worker, occurredAt: now, correlationId: 'note-1', causationId: 'note-1', commandId: 'note-1' } },
      );
    // Background writers do not wait for read models; the route below reads the inbox one.
    expect(await t.app.get(ProjectionsService).waitFor(['notifications'], delivered.position!)).toBe(true);
    expect((await t.request('POST', '/notifications/note-1/read', { token: carol })).status).toBe(200);
    const replay = await t.request('GET', `/audit/streams/${inboxStream('carol')}/state`, { token: await t.token('root', ['admin']) });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ stream: 'inbox-carol', revision: 1, state: { delivered: ['note-1'], read: ['note-1'] } });
  });
});

describe('admin queue dashboard and reminder metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('serves /admin/queues to admins only and shows queue depth in /metrics', async () => {
    expect((await t.request('GET', '/admin/queues')).status).toBe(401);
    expect((await t.request('GET', '/admin/queues', { token: await t.token('o', ['reform_office']) })).status).toBe(403);
    const ok = await t.request('GET', '/admin/queues', { token: await t.token('root', ['admin']) });
    expect(ok.status).toBe(200);
    const api = await t.request('GET', '/admin/queues/api/queues', { token: await t.token('root', ['admin']) });
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('reminders');
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toContain('reform_queue_jobs{queue="reminders",state="delayed"}');
    expect(metrics.text).toContain('reform_reminders_sent_total');
  });
});
