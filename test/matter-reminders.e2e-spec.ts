import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ReminderEngine } from '#platform';
import { REMINDER_QUEUE } from '#reminders';
import { eventually, remindersSettled, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

/*
 * Countersign matters through the reminder engine, against the real Redis with a seconds-long
 * schedule (REMINDER_OFFSETS=3s,1s,0): a matter due in D seconds plans a reminder to each pending
 * signer at D-3 and D-1 (a reminder at the deadline is pointless: the matter expires then) and
 * its expiry at D. Nothing here races the clock: the queue is paused until the signatures are
 * folded (so a signer cannot be reminded before his signature counts, however slow the machine),
 * the planned reminders are then run at once (BullMQ's promote) and awaited, and the expiry comes
 * by BullMQ's own delay at D, after every reminder has been delivered.
 */
const DEADLINE_MS = 8_000;

describe('matter reminders and expiry (real Redis, seconds-long schedule)', () => {
  let t: ReminderApp;
  beforeAll(async () => {
    t = await startReminderApp();
  });
  afterAll(async () => t.shutdown());

  const matterEvents = async (id: string, type: string) => {
    const out: Array<{ type: string; metadata: { occurredAt: string } }> = [];
    for await (const e of t.store.readStream(`matter-${id}`))
      if (e.type === type) out.push({ type: e.type, metadata: e.metadata as { occurredAt: string } });
    return out;
  };
  const matterNotes = async (user: string, matterId: string) => (await t.inbox(user)).filter((n) => n.refs.matterId === matterId);

  it('reminds pending signers before the deadline, not one who signed; expires the matter at it; a decided one: nothing', async () => {
    const office = t.office;
    const queue = t.app.get<Queue>(getQueueToken(REMINDER_QUEUE));
    const jobsOf = async (matterId: string) =>
      (await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active']))
        .filter((j) => j && (j.data as { matterId?: string }).matterId === matterId)
        .map((j) => ({ job: j, data: j.data as { type: string; recipient?: string; at: string } }));
    // No job runs until the signatures below are folded: the order the spec is about, not a race.
    await queue.pause();
    const deadline = new Date(Date.now() + DEADLINE_MS).toISOString();
    const open = await t.request('POST', '/matters', {
      token: office,
      body: { title: 'Merge the permit desks', body: 'Please countersign.', signers: ['ann', 'ben'], mode: 'all', deadline },
    });
    expect(open.status).toBe(201);
    // Decided before its deadline: `any` approves at the first approval.
    const decided = await t.request('POST', '/matters', {
      token: office,
      body: { title: 'Shared hotline', body: 'Either of you.', signers: ['cat', 'dan'], mode: 'any', deadline },
    });
    expect(decided.status).toBe(201);
    // Both signatures land while the queue is paused: before any reminder can run.
    const benSigns = await t.request('POST', `/matters/${open.body.id}/sign`, {
      token: await t.token('ben', ['department']),
      body: { decision: 'approve' },
    });
    expect(benSigns.status).toBe(200);
    const catSigns = await t.request('POST', `/matters/${decided.body.id}/sign`, {
      token: await t.token('cat', ['department']),
      body: { decision: 'approve' },
    });
    expect(catSigns.status).toBe(200);
    expect(catSigns.body.status).toBe('approved');

    // The scheduler has folded the signatures: each signer of the open matter has a reminder at
    // D-3 and D-1 (ben's stay queued, to check and do nothing), the matter its expiry at D; the
    // decided matter no expiry (reminders of its signers may stay queued, to do nothing).
    const head = await t.head();
    expect(await t.app.get(ReminderEngine).projection.waitFor(head!, 60_000)).toBe(true);
    const D = Date.parse(deadline);
    const planned = (await jobsOf(open.body.id)).map(({ data }) => [data.type, data.recipient ?? null, Date.parse(data.at) - D]);
    expect(planned.sort()).toEqual(
      [
        ['matter-expiry', null, 0],
        ['matter-reminder', 'ann', -3_000],
        ['matter-reminder', 'ann', -1_000],
        ['matter-reminder', 'ben', -3_000],
        ['matter-reminder', 'ben', -1_000],
      ].sort(),
    );
    expect((await jobsOf(decided.body.id)).filter(({ data }) => data.type !== 'matter-reminder')).toEqual([]);
    // The reminders of both matters run now, in their planned order (well before D); the expiry waits for its time.
    await queue.resume();
    const both = async () => [...(await jobsOf(open.body.id)), ...(await jobsOf(decided.body.id))];
    for (const offset of [-3_000, -1_000]) {
      for (const { job, data } of await both())
        if (data.type === 'matter-reminder' && Date.parse(data.at) - D === offset)
          // One that fell due meanwhile is already on its way.
          await job.promote().catch(async (e: unknown) => {
            if (await job.isDelayed()) throw e;
          });
      await eventually(async () => (await both()).every(({ data }) => Date.parse(data.at) - D > offset), 60_000);
    }

    const expired = await eventually(async () => {
      const m = await t.request('GET', `/matters/${open.body.id}`, { token: office });
      return m.body.status === 'expired' && m.body;
    }, DEADLINE_MS + 60_000);
    expect((expired.signers as Array<{ userId: string; state: string }>).find((s) => s.userId === 'ben')!.state).toBe('approved');
    const [expiry, ...again] = await matterEvents(open.body.id, 'MatterExpired');
    expect(again).toHaveLength(0);
    expect(Date.parse(expiry!.metadata.occurredAt)).toBeGreaterThanOrEqual(Date.parse(deadline));

    // Nothing of the open matter left to run, and the inbox at the store's head: what was delivered shows.
    await remindersSettled(t, (d) => d.matterId === open.body.id);
    const ann = await matterNotes('ann', open.body.id);
    expect(ann.map((n) => n.kind)).toEqual(['matter_before', 'matter_before']);
    for (const n of ann) {
      expect(n.refs).toMatchObject({ matterId: open.body.id, deadline });
      expect(Date.parse(n.createdAt)).toBeLessThan(Date.parse(deadline));
    }
    expect(await matterNotes('ben', open.body.id)).toEqual([]);

    // A wrongly scheduled expiry or reminder of the decided matter would be a job of it still to run, or would show by now.
    await remindersSettled(t, (d) => d.matterId === decided.body.id);
    const still = await t.request('GET', `/matters/${decided.body.id}`, { token: office });
    expect(still.body.status).toBe('approved');
    expect(await matterEvents(decided.body.id, 'MatterExpired')).toHaveLength(0);
    expect(await matterNotes('cat', decided.body.id)).toEqual([]);
    expect(await matterNotes('dan', decided.body.id)).toEqual([]);
  });
});
