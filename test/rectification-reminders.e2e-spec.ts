import {
  beijing,
  eventually,
  remindersSettled,
  startReminderApp,
  type InboxNote as Note,
  type ReminderApp,
} from './support/reminder-harness.js';

/*
 * Rectification due dates through the reminder engine (issue #7), against the real Redis with
 * a seconds-long schedule (REMINDER_OFFSETS=3s,1s,0, one escalation 1 s after the due date):
 * a finding due in D seconds reminds its responsible unit's shared inbox (`unit:<unit>`) at
 * D-3, D-1 and D, then at D+1 escalates to the unit and to the inspector who opened the
 * inspection.
 */
const DUE_MS = 4_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('rectification reminders (real Redis, seconds-long schedule)', () => {
  let t: ReminderApp;
  let inspector: string;
  beforeAll(async () => {
    t = await startReminderApp();
    inspector = await t.token('insp-1', ['inspector'], 'supervision-office');
  });
  afterAll(async () => t.shutdown());

  const member = (unit: string) => t.token(`${unit}-clerk`, ['department'], unit);
  const inboxOf = async (token: string) => (await t.request('GET', '/notifications?limit=500', { token })).body.items as Note[];

  async function finding(inspectionId: string, responsibleUnit: string, dueMs: number) {
    const res = await t.request('POST', `/inspections/${inspectionId}/findings`, {
      token: inspector,
      body: {
        description: `Counters of ${responsibleUnit} still ask for paper`,
        severity: 'low',
        responsibleUnit,
        rectificationDue: iso(Date.now() + dueMs),
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; rectificationDue: string };
  }

  it('reminds the unit before the due date, escalates to the inspector after; an extension replaces it; closed: none', async () => {
    const opened = await t.request('POST', '/inspections', {
      token: inspector,
      body: { title: 'Permit counters', targetUnit: 'city-services' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;

    const plain = await finding(id, 'roads', DUE_MS);
    const moved = await finding(id, 'parks', DUE_MS);
    const closed = await finding(id, 'water', DUE_MS);
    const newDue = iso(Date.now() + DUE_MS + 2_000);
    const ext = await t.request('POST', `/inspections/${id}/findings/${moved.id}/extend`, {
      token: inspector,
      body: { due: newDue, reason: 'Supplier late' },
    });
    expect(ext.status).toBe(200);
    const base = `/inspections/${id}/findings/${closed.id}`;
    expect((await t.request('POST', `${base}/plan`, { token: await member('water'), body: { plan: 'Drop the paper form' } })).status).toBe(
      200,
    );
    expect((await t.request('POST', `${base}/rectifications`, { token: inspector, body: { description: 'Form dropped' } })).status).toBe(
      200,
    );
    const accepted = await t.request('POST', `${base}/verify`, { token: inspector, body: { outcome: 'accepted', comment: 'Checked' } });
    expect(accepted.body.status).toBe('closed');

    const roads = await member('roads');
    const roadsInbox = await eventually(async () => {
      const mine = (await inboxOf(roads)).filter((n) => n.refs.findingId === plain.id);
      return mine.length >= 4 && mine;
    });
    expect(roadsInbox.map((n) => n.kind).sort()).toEqual(['finding_before', 'finding_before', 'finding_due', 'finding_overdue']);
    for (const n of roadsInbox) expect(n.refs).toMatchObject({ inspectionId: id, responsibleUnit: 'roads', due: plain.rectificationDue });
    // Subjects say what, by when (Beijing time) and how late: in Chinese unless the reader asks for English.
    const overdueNote = roadsInbox.find((n) => n.kind === 'finding_overdue')!;
    expect(overdueNote.subject).toBe(
      `【整改催办】问题「Counters of roads still ask for paper」整改已逾期 1 分钟（时限 ${beijing(plain.rectificationDue)}），请立即整改并说明原因`,
    );
    const inEnglish = (await t.request('GET', '/notifications?limit=500', { token: roads, headers: { 'accept-language': 'en' } })).body
      .items as Note[];
    expect(inEnglish.find((n) => n.id === overdueNote.id)!.subject).toBe(
      `Rectification of finding "Counters of roads still ask for paper" is 1 minute overdue (due ` +
        `${beijing(plain.rectificationDue)}): rectify it and explain the delay`,
    );
    const escalated = (await inboxOf(inspector)).filter((n) => n.refs.findingId === plain.id);
    expect(escalated.map((n) => n.kind)).toEqual(['finding_overdue']);
    // The unit's shared inbox is its members' only: another unit sees none of it.
    expect((await inboxOf(await member('parks'))).some((n) => n.refs.findingId === plain.id)).toBe(false);

    const parks = await member('parks');
    const parksInbox = await eventually(async () => {
      const mine = (await inboxOf(parks)).filter((n) => n.refs.findingId === moved.id);
      return mine.length >= 4 && mine;
    });
    // No job of the finding is left to run and the inbox shows the store's head: a straggler would show here.
    await remindersSettled(t, (d) => d.type === 'finding-reminder' && d.findingId === moved.id);
    expect((await inboxOf(parks)).filter((n) => n.refs.findingId === moved.id)).toHaveLength(4);
    expect(parksInbox.every((n) => n.refs.due === newDue)).toBe(true);
    expect(parksInbox.every((n) => n.id.includes('_v2_'))).toBe(true);

    expect((await inboxOf(await member('water'))).filter((n) => n.refs.findingId === closed.id)).toEqual([]);
    expect((await inboxOf(inspector)).filter((n) => n.refs.findingId === closed.id)).toEqual([]);

    // A unit notification is read for the unit by any member; a member of another unit gets 404.
    const note = roadsInbox[0]!;
    expect((await t.request('POST', `/notifications/${note.id}/read`, { token: parks })).status).toBe(404);
    const read = await t.request('POST', `/notifications/${note.id}/read`, { token: roads });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const colleague = await t.token('roads-chief', ['department'], 'roads');
    expect((await inboxOf(colleague)).find((n) => n.id === note.id)?.readAt).toBe(read.body.readAt);

    // /metrics counts delivered reminders from the inbox read model, whichever process sent them.
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toContain('reform_reminders_sent_total{kind="finding_due"} 2');
    expect(metrics.text).toContain('reform_reminders_sent_total{kind="finding_overdue"} 4');
  });
});
