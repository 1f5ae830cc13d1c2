import { eventually, remindersSettled, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

/*
 * Evaluation due dates through the reminder engine, against the real Redis with a
 * seconds-long schedule (REMINDER_OFFSETS=3s,1s,0, one escalation 1 s after the due date): an
 * evaluation due in D seconds reminds its evaluation organisation's shared inbox
 * (`unit:<org>`, read by its evaluators) at D-3, D-1 and D, then at D+1 escalates to the
 * organisation and to the office user who commissioned it. A report stops the reminders.
 */
const DUE_MS = 4_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Note {
  kind: string;
  refs: Record<string, unknown>;
}

describe('evaluation reminders (real Redis, seconds-long schedule)', () => {
  let t: ReminderApp;
  beforeAll(async () => {
    t = await startReminderApp();
  });
  afterAll(async () => t.shutdown());

  const inboxOf = async (token: string, evaluationId: string) =>
    ((await t.request('GET', '/notifications?limit=500', { token })).body.items as Note[]).filter(
      (n) => n.refs['evaluationId'] === evaluationId,
    );

  async function commission(evaluatorUnit: string) {
    const res = await t.request('POST', '/evaluations', {
      token: t.office,
      body: { subject: { kind: 'unit', id: 'transport-bureau' }, year: 2026, evaluatorUnit, due: iso(Date.now() + DUE_MS) },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; due: string };
  }

  it("reminds the evaluator organisation's inbox, escalates to the office after the due date, and stops once reported", async () => {
    const waiting = await commission('org-late');
    const reported = await commission('org-prompt');
    const prompt = await t.token('eval-prompt', ['evaluator'], 'org-prompt');
    const report = await t.request('POST', `/evaluations/${reported.id}/report`, {
      token: prompt,
      body: { rating: 'good', summary: '按期完成', reportRef: 'R-9' },
    });
    expect(report.status).toBe(200);

    const late = await t.token('eval-late', ['evaluator'], 'org-late');
    const notes = await eventually(async () => {
      const mine = await inboxOf(late, waiting.id);
      return mine.length >= 4 && mine;
    }, 20_000);
    expect(notes.map((n) => n.kind).sort()).toEqual(['evaluation_before', 'evaluation_before', 'evaluation_due', 'evaluation_overdue']);
    expect(notes[0]!.refs).toMatchObject({ evaluationId: waiting.id, evaluatorUnit: 'org-late', due: waiting.due });
    // The escalation also reaches the office user who commissioned it (office-1 of the harness).
    const office = await eventually(async () => {
      const mine = await inboxOf(t.office, waiting.id);
      return mine.length >= 1 && mine;
    }, 10_000);
    expect(office.map((n) => n.kind)).toEqual(['evaluation_overdue']);

    // Once its jobs have all run (or were dropped) and the inbox shows the store's head, nothing more can arrive.
    await remindersSettled(t, (d) => d.type === 'evaluation-reminder' && d.evaluationId === reported.id);
    expect(await inboxOf(prompt, reported.id)).toEqual([]);
    // Another organisation's evaluator does not see either.
    expect(await inboxOf(await t.token('eval-other', ['evaluator'], 'org-other'), waiting.id)).toEqual([]);
  });
});
