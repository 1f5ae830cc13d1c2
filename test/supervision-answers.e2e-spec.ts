import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: the answers of tasks, matters, findings and meeting items list the leaders'
// instructions on them (and a task its urging notices), only those the reader may read; the
// task's timeline shows their events beside the task's own, in time order.

let t: TestApp;
const clock = new SetClock('2026-03-02T02:00:00.000Z');
const tok = {} as Record<'office' | 'leader' | 'dept' | 'other' | 'inspector' | 'evaluator', string>;
const at = (minute: number) => clock.set(`2026-03-02T02:${String(minute).padStart(2, '0')}:00.000Z`);

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.leader = await t.token('leader-1', ['leader']);
  tok.dept = await t.token('dept-1', ['department'], 'unit-a');
  tok.other = await t.token('dept-2', ['department'], 'unit-b');
  tok.inspector = await t.token('inspector-1', ['inspector']);
  tok.evaluator = await t.token('eval-1', ['evaluator'], 'org-e');
  await registerSpecialGroups(t, ['sg-ans']);
});
afterAll(() => t?.close());

async function post(path: string, token: string, body: unknown, status = 201) {
  const res = await t.request('POST', path, { token, body });
  expect([path, res.status, res.status === status ? '' : res.text]).toEqual([path, status, '']);
  return res.body;
}
const instruct = (kind: string, id: string, text: string) =>
  post('/instructions', tok.leader, { subject: { kind, id }, text, respondBy: '2026-03-31' });

describe('a task’s answer and timeline', () => {
  it('lists its instructions and urgings for who may read them; the timeline interleaves their events by time', async () => {
    at(0);
    const task = await post('/tasks', tok.office, {
      title: '一网通办',
      area: 'government_services',
      specialGroup: 'sg-ans',
      leadUnit: 'unit-a',
      responsible: '张三',
      evaluationStandard: '可办',
      deadline: '2026-12-31',
    });
    await post('/evaluations', tok.office, {
      subject: { kind: 'task', id: task.id },
      year: 2026,
      evaluatorUnit: 'org-e',
      due: '2026-09-30',
    });
    at(1);
    const instruction = await instruct('task', task.id, '请抓紧落实');
    at(2);
    await post(`/tasks/${task.id}/progress`, tok.dept, { percent: 30, note: '推进中' }, 200);
    at(3);
    const urging = await post(`/tasks/${task.id}/urgings`, tok.office, { text: '请加快', replyBy: '2026-03-20' });
    at(4);
    await post(`/urgings/${urging.id}/reply`, tok.dept, { text: '已加快' }, 200);

    const answer = (await t.request('GET', `/tasks/${task.id}`, { token: tok.dept })).body;
    expect(answer.instructions).toEqual([
      {
        id: instruction.id,
        by: 'leader-1',
        text: '请抓紧落实',
        at: '2026-03-02T02:01:00.000Z',
        respondBy: instruction.respondBy,
        status: 'open',
      },
    ]);
    expect(answer.urgings).toEqual([{ id: urging.id, number: urging.number, seq: urging.seq, status: 'replied' }]);
    // The command routes answer the same task, with its instructions and urgings.
    at(5);
    expect(
      (await t.request('POST', `/tasks/${task.id}/progress`, { token: tok.dept, body: { percent: 40, note: '继续' } })).body.urgings,
    ).toHaveLength(1);
    // Another unit's department and the commissioned evaluator read the task, not what supervises it.
    for (const who of [tok.other, tok.evaluator]) {
      const seen = (await t.request('GET', `/tasks/${task.id}`, { token: who })).body;
      expect([seen.instructions, seen.urgings]).toEqual([[], []]);
    }

    // The summary counts open instructions and unanswered notices, in all and per unit, of what the reader reads.
    await post(`/tasks/${task.id}/urgings`, tok.office, { text: '再次催办' });
    const summary = (await t.request('GET', '/tasks/summary', { token: tok.dept })).body;
    expect([summary.openInstructions, summary.openUrgings, summary.supervisionByUnit['unit-a']]).toEqual([
      1,
      1,
      { openInstructions: 1, openUrgings: 1 },
    ]);
    const theirSummary = (await t.request('GET', '/tasks/summary', { token: tok.other })).body;
    expect([theirSummary.openInstructions, theirSummary.openUrgings, theirSummary.supervisionByUnit]).toEqual([0, 0, {}]);

    // The ledger export's 批示 and 催办 columns, for whoever reads them.
    const csv = (await t.request('GET', '/tasks/export?format=csv&leadUnit=unit-a', { token: tok.dept })).text;
    expect(csv).toContain('批示');
    expect(csv).toContain('1 条，未办结 1 条');
    expect(csv).toContain(`${urging.number}（已回复）`);
    expect((await t.request('GET', '/tasks/export?format=csv&leadUnit=unit-a', { token: tok.other })).text).not.toContain(urging.number);

    const timeline = (await t.request('GET', `/tasks/${task.id}/timeline`, { token: tok.dept })).body;
    const lines = timeline.items.map((e: { type: string; stream?: string }) => `${e.type}${e.stream ? ` @${e.stream.split('-')[0]}` : ''}`);
    expect(lines).toEqual([
      'TaskRegistered',
      'InstructionGiven @instruction',
      'TaskProgressReported',
      'UrgingIssued @urging',
      'UrgingNumbered @urging',
      'UrgingAcknowledged @urging',
      'UrgingReplied @urging',
      'TaskProgressReported',
      'UrgingIssued @urging',
      'UrgingNumbered @urging',
    ]);
    // Paged by the task's own revisions: the second page carries what happened from its first event on.
    const first = (await t.request('GET', `/tasks/${task.id}/timeline?limit=1`, { token: tok.dept })).body;
    expect(first.items.map((e: { type: string }) => e.type)).toEqual(['TaskRegistered', 'InstructionGiven']);
    const second = (
      await t.request('GET', `/tasks/${task.id}/timeline?limit=1&fromRevision=${first.nextFromRevision}`, { token: tok.dept })
    ).body;
    expect(second.items.map((e: { type: string }) => e.type)).toEqual([
      'TaskProgressReported',
      'UrgingIssued',
      'UrgingNumbered',
      'UrgingAcknowledged',
      'UrgingReplied',
    ]);
    // Another unit reads the task's own events only.
    const theirs = (await t.request('GET', `/tasks/${task.id}/timeline`, { token: tok.other })).body;
    expect(theirs.items.every((e: { stream?: string }) => e.stream === undefined)).toBe(true);
    // The audit trail of the task's stream is that stream alone: instructions and urgings keep streams of their own.
    const admin = await t.token('admin-1', ['admin']);
    const trail = (await t.request('GET', `/audit/streams/task-${task.id}?limit=100`, { token: admin })).body;
    const types: string[] = trail.events.map((e: { type: string }) => e.type);
    expect(types.filter((type) => /^(Instruction|Urging)/.test(type))).toEqual([]);
    expect(types.filter((type) => type === 'TaskProgressReported')).toHaveLength(2);
    expect(trail.events.map((e: { revision: number }) => e.revision)).toEqual(types.map((_, i) => i));
  });
});

describe('matters, findings and meeting items', () => {
  it('list the instructions on them, for who may read them', async () => {
    const matter = await post('/matters', tok.office, { title: '会签事项', body: '正文', signers: ['member-a'], mode: 'all' });
    const onMatter = await instruct('matter', matter.id, '请审慎研究');
    expect(
      (await t.request('GET', `/matters/${matter.id}`, { token: tok.office })).body.instructions.map((i: { id: string }) => i.id),
    ).toEqual([onMatter.id]);

    const inspection = await post('/inspections', tok.inspector, { title: '督察', targetUnit: 'unit-a' });
    const finding = await post(`/inspections/${inspection.id}/findings`, tok.inspector, {
      description: '窗口排队',
      severity: 'low',
      responsibleUnit: 'unit-a',
      rectificationDue: '2026-06-30',
    });
    const onFinding = await instruct('finding', finding.id, '限期整改');
    for (const who of [tok.dept, tok.inspector]) {
      const seen = (await t.request('GET', `/inspections/${inspection.id}/findings/${finding.id}`, { token: who })).body;
      expect(seen.instructions.map((i: { id: string }) => i.id)).toEqual([onFinding.id]);
    }

    const meeting = await post('/meetings', tok.office, { title: '联席会议', scheduledAt: '2026-03-05T09:00:00+08:00' });
    const item = await post(`/meetings/${meeting.id}/items`, tok.office, {
      title: '议定事项',
      owner: 'dept-1',
      ownerUnit: 'unit-a',
      deadline: '2026-04-30',
    });
    const onItem = await instruct('meeting_item', item.id, '按期办结');
    const seen = (await t.request('GET', `/meetings/${meeting.id}`, { token: tok.dept })).body;
    expect(seen.items.map((i: { id: string; instructions: Array<{ id: string }> }) => [i.id, i.instructions.map((x) => x.id)])).toEqual([
      [item.id, [onItem.id]],
    ]);
  });
});
