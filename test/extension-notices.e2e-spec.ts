import { registerSpecialGroups } from './support/special-groups.js';
import { eventually, remindersSettled, startReminderApp, type InboxNote as Note, type ReminderApp } from './support/reminder-harness.js';

// Extension requests (延期申请) reach people through the inbox like every reminder, on the real
// Redis: the office (REMINDER_ESCALATE_TO: office-watch) is told of a new request, the lead
// unit of the office's decision, each once. No sleeps: the spec waits for the notes, then for
// the reminder engine's own barrier before asserting that nothing more arrives.

let t: ReminderApp;
const FAR = '2030-06-30';

beforeAll(async () => {
  t = await startReminderApp();
  await registerSpecialGroups(t, ['sg-notice']);
});
afterAll(async () => t?.shutdown());

const notesOf = async (token: string, taskId: string) =>
  ((await t.request('GET', '/notifications?limit=500', { token })).body.items as Note[]).filter(
    (n) => n.refs['taskId'] === taskId && n.kind.startsWith('extension_'),
  );

it('tells the office of a request and the unit of the approval or the rejection, each once', async () => {
  const register = async (title: string) =>
    (
      await t.request('POST', '/tasks', {
        token: t.office,
        body: {
          title,
          area: 'livelihood',
          specialGroup: 'sg-notice',
          leadUnit: 'water-bureau',
          responsible: '赵六',
          evaluationStandard: '达标',
          deadline: FAR,
        },
      })
    ).body.id as string;
  const dept = await t.token('water-1', ['department'], 'water-bureau');
  const watch = await t.token('office-watch', ['reform_office']);
  const approvedTask = await register('河道整治');
  const rejectedTask = await register('水源保护');
  const approvedRequest = (
    await t.request('POST', `/tasks/${approvedTask}/extension-requests`, {
      token: dept,
      body: { deadline: '2030-09-30', reason: '汛期停工' },
    })
  ).body.id;
  const rejectedRequest = (
    await t.request('POST', `/tasks/${rejectedTask}/extension-requests`, {
      token: dept,
      body: { deadline: '2030-12-31', reason: '资金未到位' },
    })
  ).body.id;

  const asked = await eventually(async () => {
    const notes = await notesOf(watch, approvedTask);
    return notes.length >= 1 && (await notesOf(watch, rejectedTask)).length >= 1 && notes;
  });
  expect(asked).toMatchObject([
    { kind: 'extension_request_due', refs: { taskId: approvedTask, requestId: approvedRequest, status: 'pending' } },
  ]);
  expect(asked[0]!.subject).toContain('河道整治');

  expect(
    (
      await t.request('POST', `/tasks/${approvedTask}/extension-requests/${approvedRequest}/approve`, {
        token: t.office,
        body: { comment: '同意' },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await t.request('POST', `/tasks/${rejectedTask}/extension-requests/${rejectedRequest}/reject`, {
        token: t.office,
        body: { reason: '理由不充分' },
      })
    ).status,
  ).toBe(200);
  await eventually(async () => (await notesOf(dept, approvedTask)).length >= 1 && (await notesOf(dept, rejectedTask)).length >= 1);
  await remindersSettled(t, (d) => d.type === 'extension-notice');

  expect((await notesOf(dept, approvedTask)).map((n) => [n.kind, n.refs['status']])).toEqual([['extension_approved_due', 'approved']]);
  expect((await notesOf(dept, rejectedTask)).map((n) => [n.kind, n.refs['status']])).toEqual([['extension_rejected_due', 'rejected']]);
  // The office was told of each request once; the unit hears nothing of its own requests.
  expect((await notesOf(watch, approvedTask)).map((n) => n.kind)).toEqual(['extension_request_due']);
  expect((await notesOf(watch, rejectedTask)).map((n) => n.kind)).toEqual(['extension_request_due']);
  expect((await notesOf(dept, approvedTask)).some((n) => n.kind === 'extension_request_due')).toBe(false);
});
