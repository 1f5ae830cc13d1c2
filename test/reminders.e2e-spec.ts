import {
  eventually,
  flushRedisDb,
  remindersSettled,
  startReminderApp,
  startWebhookReceiver,
  type ReminderApp,
} from './support/reminder-harness.js';

/*
 * The reminder engine against the real Redis, with a schedule of seconds:
 * REMINDER_OFFSETS=3s,1s,0, one overdue escalation 1 s after the deadline (to the owner and
 * office-watch). An item due in D seconds gets before_0 at D-3, before_1 at D-1, due at D,
 * overdue_0 at D+1 (twice: owner and office-watch).
 */
const PER_ITEM = 5;

const keysOf = (entries: Array<{ id: string }>) => entries.map((e) => e.id);

describe('reminders (real Redis, seconds-long schedule)', () => {
  describe('schedule, re-dating and completion', () => {
    let t: ReminderApp;
    let plain: { meetingId: string; itemId: string };
    let moved: { meetingId: string; itemId: string; firstDeadline: string; newDeadline: string };
    let done: { meetingId: string; itemId: string };

    beforeAll(async () => {
      t = await startReminderApp();
      plain = await t.addItem('alice', 4_000);
      // Re-dated at once: the v1 schedule (+2..+6 s) is replaced by v2 (+3..+7 s).
      const m = await t.addItem('bob', 5_000);
      const newDeadline = new Date(Date.now() + 6_000).toISOString();
      const change = await t.request('POST', `/meetings/${m.meetingId}/items/${m.itemId}/deadline`, {
        token: t.office,
        body: { deadline: newDeadline, reason: 'waiting for data' },
      });
      expect(change.status).toBe(200);
      moved = { ...m, firstDeadline: m.item.deadline, newDeadline };
    });
    afterAll(async () => t.shutdown());

    it('delivers every reminder in order, none before its time, each once, to the inbox and as events', async () => {
      const sent = await eventually(async () => {
        const events = await t.events(plain.meetingId, 'ReminderSent');
        const mine = events.filter((e) => (e.data as any).itemId === plain.itemId);
        return mine.length >= PER_ITEM && mine;
      });
      const data = sent.map((e) => e.data as any);
      expect(data.map((d) => `${d.kind}:${d.recipient}`)).toEqual(
        expect.arrayContaining(['before:alice', 'before:alice', 'due:alice', 'overdue:alice', 'overdue:office-watch']),
      );
      expect(new Set(data.map((d) => d.reminderKey)).size).toBe(PER_ITEM);
      for (const e of sent) expect(Date.parse((e.metadata as any).occurredAt)).toBeGreaterThanOrEqual(Date.parse((e.data as any).at));
      const planned = data.map((d) => Date.parse(d.at));
      expect(planned).toEqual([...planned].sort((a, b) => a - b));
      const aliceInbox = (await t.inbox('alice')).filter((n) => n.refs.itemId === plain.itemId);
      expect(aliceInbox.map((n) => n.kind).sort()).toEqual(['item_before', 'item_before', 'item_due', 'item_overdue']);
      expect((await t.inbox('office-watch')).filter((n) => n.refs.itemId === plain.itemId).map((n) => n.kind)).toEqual(['item_overdue']);
      const item = await t.request('GET', `/meetings/${plain.meetingId}`, { token: t.office });
      const view = item.body.items.find((i: any) => i.id === plain.itemId);
      expect(view.reminders).toHaveLength(PER_ITEM);
      expect(view.overdue).toBe(true);
    });

    it('a changed deadline sends only the new schedule', async () => {
      const sent = await eventually(async () => {
        const mine = (await t.events(moved.meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === moved.itemId);
        return mine.length >= PER_ITEM && mine;
      });
      // No job of the item is left to run (the system's own barrier): a v1 straggler would show here.
      await remindersSettled(t, (d) => d.type === 'item-reminder' && d.itemId === moved.itemId);
      const all = (await t.events(moved.meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === moved.itemId);
      expect(all).toHaveLength(PER_ITEM);
      expect(sent.every((e) => (e.data as any).deadlineVersion === 2 && (e.data as any).deadline === moved.newDeadline)).toBe(true);
    });

    it('a completed item gets no more reminders', async () => {
      done = await t.addItem('carol', 4_000);
      const dave = await t.token('carol', ['department'], 'transport');
      await eventually(async () => (await t.inbox('carol')).length >= 1);
      const res = await t.request('POST', `/meetings/${done.meetingId}/items/${done.itemId}/complete`, {
        token: dave,
        body: { note: 'published' },
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('done');
      // Completing it unplanned the rest of its schedule: no job of the item is left to run.
      await remindersSettled(t, (d) => d.type === 'item-reminder' && d.itemId === done.itemId);
      const sent = (await t.events(done.meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === done.itemId);
      expect(sent.map((e) => (e.data as any).kind)).toEqual(['before']);
      expect(await t.inbox('carol')).toHaveLength(1);
    });
  });

  describe('a flushed Redis', () => {
    const DB = 9;
    let t: ReminderApp;
    beforeAll(async () => {
      t = await startReminderApp({ REDIS_URL: `redis://127.0.0.1:6379/${DB}` });
    });
    afterAll(async () => t.shutdown());

    it('FLUSHDB mid-schedule: the sweep re-adds what was lost and every reminder arrives once', async () => {
      const { meetingId, itemId } = await t.addItem('erin', 4_000);
      await eventually(async () => (await t.inbox('erin')).length >= 1);
      await flushRedisDb(DB);
      const sent = await eventually(async () => {
        const mine = (await t.events(meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === itemId);
        return mine.length >= PER_ITEM && mine;
      });
      await remindersSettled(t, (d) => d.type === 'item-reminder' && d.itemId === itemId);
      const again = (await t.events(meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === itemId);
      expect(again).toHaveLength(PER_ITEM);
      expect(new Set(sent.map((e) => (e.data as any).reminderKey)).size).toBe(PER_ITEM);
      expect(keysOf(await t.inbox('erin'))).toHaveLength(PER_ITEM - 1);
    });
  });

  describe('the signed webhook', () => {
    const SECRET = 'webhook-secret-0123456789';
    let t: ReminderApp;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    beforeAll(async () => {
      // frank's reminders fail twice then succeed; gina's never succeed.
      receiver = await startWebhookReceiver(SECRET, (hit) => (hit.body.recipient === 'gina' ? 503 : hit.attempt <= 2 ? 500 : 204));
      t = await startReminderApp({
        NOTIFY_WEBHOOK_URL: receiver.url,
        NOTIFY_WEBHOOK_SECRET: SECRET,
        // One reminder per item, at the deadline: the retries are what is under test.
        REMINDER_OFFSETS: '0',
        REMINDER_ESCALATE_MAX: '0',
      });
    });
    afterAll(async () => {
      await t.shutdown();
      await receiver.close();
    });

    it('signs every POST; two failures are retried with backoff and the third attempt is received', async () => {
      const { meetingId, itemId } = await t.addItem('frank', 500);
      const hits = await eventually(async () => {
        const mine = receiver.hits.filter((h) => h.body.refs.itemId === itemId);
        return mine.some((h) => h.answered === 204) && mine;
      });
      expect(hits.map((h) => [h.attempt, h.answered])).toEqual([
        [1, 500],
        [2, 500],
        [3, 204],
      ]);
      expect(hits.every((h) => h.signatureValid)).toBe(true);
      expect(hits[0]!.body).toMatchObject({ kind: 'item_due', recipient: 'frank', refs: { meetingId, itemId } });
      expect(await t.events(meetingId, 'ReminderSent')).toHaveLength(1);
      expect(await t.events(meetingId, 'ReminderFailed')).toHaveLength(0);
    });

    it('a webhook that keeps failing yields ReminderFailed, and the inbox entry still exists', async () => {
      const { meetingId, itemId } = await t.addItem('gina', 500);
      const failed = await eventually(async () => {
        const f = (await t.events(meetingId, 'ReminderFailed')).filter((e) => (e.data as any).itemId === itemId);
        return f.length > 0 && f;
      });
      expect(failed).toHaveLength(1);
      expect(failed[0]!.data).toMatchObject({ recipient: 'gina', kind: 'due', attempts: 3, error: 'webhook answered 503' });
      expect(receiver.hits.filter((h) => h.body.refs.itemId === itemId)).toHaveLength(3);
      const sent = (await t.events(meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === itemId);
      expect(sent).toHaveLength(1);
      expect((failed[0]!.data as any).reminderKey).toBe(`${(sent[0]!.data as any).reminderKey}_webhook`);
      // Counted in /metrics by the reminder's own kind and its channel.
      await eventually(async () =>
        (await t.request('GET', '/metrics')).text.includes('reform_reminders_failed_total{kind="item_due",channel="webhook"} 1'),
      );
      const inbox = await t.inbox('gina');
      expect(inbox).toHaveLength(1);
      expect(inbox[0]).toMatchObject({ kind: 'item_due', readAt: null, refs: { itemId } });
      const stranger = await t.request('POST', `/notifications/${inbox[0].id}/read`, { token: await t.token('frank', ['department']) });
      expect(stranger.status).toBe(404);
      const read = await t.request('POST', `/notifications/${inbox[0].id}/read`, { token: await t.token('gina', ['department']) });
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      expect((await t.inbox('gina'))[0].readAt).toBe(read.body.readAt);
    });
  });
});
