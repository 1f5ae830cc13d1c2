import { eventually, remindersSettled, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

/*
 * Countersign matters through the reminder engine, against the real Redis with a seconds-long
 * schedule (REMINDER_OFFSETS=3s,1s,0): a matter due in D seconds reminds each pending signer at
 * D-3 and D-1 (a reminder at the deadline is pointless: the matter expires then) and expires
 * at D.
 */
// Long enough that both signatures land before the first reminder (D-3 s) even on a loaded
// machine: with 4 s, a signature that took over a second to answer was itself reminded.
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
    // Both signatures land well before the first reminder (deadline - 3 s).
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

    const expired = await eventually(async () => {
      const m = await t.request('GET', `/matters/${open.body.id}`, { token: office });
      return m.body.status === 'expired' && m.body;
    }, DEADLINE_MS + 15_000);
    expect((expired.signers as Array<{ userId: string; state: string }>).find((s) => s.userId === 'ben')!.state).toBe('approved');
    const [expiry, ...again] = await matterEvents(open.body.id, 'MatterExpired');
    expect(again).toHaveLength(0);
    expect(Date.parse(expiry!.metadata.occurredAt)).toBeGreaterThanOrEqual(Date.parse(deadline));

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
