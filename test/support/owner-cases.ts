import { reminderDecider, reminderStream } from '#domain';
import { BusCommandSender, ProjectionsService } from '#platform';
import { samplePdf } from '../../libs/platform/src/files/sample-files.fixture.js';
import { uploadFile } from './files.js';
import { registerSpecialGroups } from './special-groups.js';
import type { TestApp } from './test-app.js';

/** Who owns the resource an owner case builds: a user id and a unit. */
export interface Owner {
  sub: string;
  unit: string;
}

/** A resource built for one owner case: the path parameters, and a body that passes validation. */
export interface OwnedResource {
  params: Record<string, string>;
  body?: unknown;
  /** Query string (without `?`). */
  query?: string;
}

/** Builds a fresh resource owned by `owner`, as the people who create such resources would. */
export type OwnerCase = (t: TestApp, owner: Owner) => Promise<OwnedResource>;

export const MATRIX_GROUP = 'matrix-group';
const FUTURE = '2099-06-30T18:00:00+08:00';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by field, as the e2e specs do
async function ok(res: { status: number; text: string; body: any }, what: string): Promise<any> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

async function taskLedBy(t: TestApp, unit: string): Promise<{ id: string; milestoneId: string }> {
  await registerSpecialGroups(t, [MATRIX_GROUP]);
  const office = await t.token('matrix-office', ['reform_office']);
  const task = await ok(
    await t.request('POST', '/tasks', {
      token: office,
      body: {
        title: '推进一网通办',
        area: 'government_services',
        specialGroup: MATRIX_GROUP,
        leadUnit: unit,
        responsible: '张三',
        evaluationStandard: '全部事项网上可办',
        deadline: FUTURE,
        milestones: [{ title: '上线', due: FUTURE }],
      },
    }),
    'registering a task',
  );
  return { id: task.id, milestoneId: task.milestones[0].id };
}

async function matter(t: TestApp, submitter: string, signer: string): Promise<string> {
  const token = await t.token(submitter, ['department']);
  const m = await ok(
    await t.request('POST', '/matters', { token, body: { title: '会签事项', body: '请会签', signers: [signer], mode: 'all' } }),
    'submitting a matter',
  );
  return m.id;
}

async function finding(t: TestApp, unit: string): Promise<{ id: string; findingId: string }> {
  const inspector = await t.token('matrix-inspector', ['inspector']);
  const inspection = await ok(
    await t.request('POST', '/inspections', { token: inspector, body: { title: '督察', targetUnit: unit } }),
    'opening an inspection',
  );
  const f = await ok(
    await t.request('POST', `/inspections/${inspection.id}/findings`, {
      token: inspector,
      body: { description: '问题', severity: 'low', responsibleUnit: unit, rectificationDue: FUTURE },
    }),
    'recording a finding',
  );
  return { id: inspection.id, findingId: f.id };
}

async function urgingOn(t: TestApp, unit: string): Promise<string> {
  const task = await taskLedBy(t, unit);
  const office = await t.token('matrix-office', ['reform_office']);
  return (
    await ok(await t.request('POST', `/tasks/${task.id}/urgings`, { token: office, body: { text: '请加快进度' } }), 'issuing an urging')
  ).id;
}

async function instructionOn(t: TestApp, unit: string, leader = 'matrix-leader'): Promise<string> {
  const task = await taskLedBy(t, unit);
  const token = await t.token(leader, ['leader']);
  const body = { subject: { kind: 'task', id: task.id }, text: '请抓紧落实' };
  return (await ok(await t.request('POST', '/instructions', { token, body }), 'giving an instruction')).id;
}

/** A PDF the owner (a department of its unit) uploaded and cited in a progress report of its unit's task. */
async function citedFile(t: TestApp, owner: Owner): Promise<OwnedResource> {
  const token = await t.token(owner.sub, ['department'], owner.unit);
  const file = await ok(await uploadFile(t, token, '佐证材料.pdf', samplePdf(`owned by ${owner.sub}`)), 'uploading a file');
  const task = await taskLedBy(t, owner.unit);
  await ok(
    await t.request('POST', `/tasks/${task.id}/progress`, { token, body: { percent: 10, note: '进展', attachments: [file.id] } }),
    'citing the file',
  );
  return { params: { id: file.id } };
}

const taskCase =
  (body: unknown): OwnerCase =>
  async (t, owner) => {
    const task = await taskLedBy(t, owner.unit);
    return { params: { id: task.id, milestoneId: task.milestoneId }, body };
  };

/**
 * One case per route whose entry in `ROUTE_ACCESS` has an ownership rule: the resource it
 * builds belongs to the given owner. The authorisation matrix fails for an ownership route
 * without a case here.
 */
export const OWNER_CASES: Readonly<Record<string, OwnerCase>> = {
  'POST /tasks/:id/documents': taskCase({ title: '实施意见', docNumber: '长府发〔2026〕3号', issuer: '市政府', issuedAt: '2026-01-01' }),
  'POST /tasks/:id/progress': taskCase({ percent: 10, note: '进展' }),
  'POST /tasks/:id/milestones/:milestoneId/complete': taskCase({}),
  'POST /tasks/:id/submit': taskCase({ evidence: '材料' }),
  'POST /tasks/:id/acknowledge': taskCase({ note: '已签收' }),
  'POST /tasks/:id/extension-requests': taskCase({ deadline: '2099-12-31', reason: '征地拆迁延误' }),
  // The lead unit dispatches to a unit registered below it.
  'POST /tasks/:id/subtasks': async (t, owner) => {
    const office = await t.token('matrix-office', ['reform_office']);
    for (const [code, parent] of [
      [owner.unit, undefined],
      [`${owner.unit}-street`, owner.unit],
    ] as const) {
      const res = await t.request('POST', '/units', {
        token: office,
        body: { code, name: code, level: parent ? 'street' : 'district', ...(parent ? { parent } : {}) },
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`registering unit ${code}: ${res.status} ${res.text}`);
    }
    const task = await taskLedBy(t, owner.unit);
    return { params: { id: task.id }, body: { leadUnit: `${owner.unit}-street`, responsible: '李四', deadline: FUTURE } };
  },
  'POST /matters/:id/sign': async (t, owner) => ({
    params: { id: await matter(t, `${owner.sub}-submitter`, owner.sub) },
    body: { decision: 'approve' },
  }),
  'POST /matters/:id/delegate': async (t, owner) => ({
    params: { id: await matter(t, `${owner.sub}-submitter`, owner.sub) },
    body: { to: `${owner.sub}-deputy`, reason: '出差' },
  }),
  'POST /matters/:id/signers': async (t, owner) => ({
    params: { id: await matter(t, owner.sub, `${owner.sub}-signer`) },
    body: { userId: `${owner.sub}-added` },
  }),
  'POST /matters/:id/recall': async (t, owner) => ({
    params: { id: await matter(t, owner.sub, `${owner.sub}-signer`) },
    body: { reason: '撤回' },
  }),
  'POST /meetings/:id/items/:itemId/complete': async (t, owner) => {
    const office = await t.token('matrix-office', ['reform_office']);
    const meeting = await ok(
      await t.request('POST', '/meetings', { token: office, body: { title: '联席会议', scheduledAt: FUTURE } }),
      'scheduling a meeting',
    );
    const item = await ok(
      await t.request('POST', `/meetings/${meeting.id}/items`, {
        token: office,
        body: { title: '事项', owner: owner.sub, ownerUnit: owner.unit, deadline: FUTURE },
      }),
      'adding an item',
    );
    return { params: { id: meeting.id, itemId: item.id }, body: { note: '已办' } };
  },
  'POST /notifications/:id/read': async (t, owner) => {
    // A reminder recorded the way the reminder worker records one (through the CommandBus).
    const worker = { id: 'reminder-worker', roles: ['admin' as const] };
    const now = new Date().toISOString();
    const key = `matrix_${owner.sub}`;
    const sent = await t.app.get(BusCommandSender).send(
      reminderStream(key),
      reminderDecider,
      {
        type: 'RecordReminder',
        data: {
          subject: 'matter',
          matterId: `matter-of-${owner.sub}`,
          reminderKey: key,
          kind: 'before',
          recipient: owner.sub,
          at: now,
          deadline: FUTURE,
          deadlineVersion: 1,
          notification: { kind: 'matter_before', subject: '请签', refs: {} },
        },
        metadata: { actor: worker, now },
      },
      { context: { actor: worker, occurredAt: now, correlationId: key, causationId: key, commandId: key } },
    );
    await t.app.get(ProjectionsService).waitFor(['notifications'], sent.position!);
    return { params: { id: key } };
  },
  'POST /inspections/:id/findings/:findingId/plan': async (t, owner) => ({
    params: await finding(t, owner.unit),
    body: { plan: '整改方案' },
  }),
  'POST /evaluations/:id/report': async (t, owner) => {
    const office = await t.token('matrix-office', ['reform_office']);
    const evaluation = await ok(
      await t.request('POST', '/evaluations', {
        token: office,
        body: { subject: { kind: 'unit', id: owner.unit }, year: 2026, evaluatorUnit: owner.unit, due: FUTURE },
      }),
      'commissioning an evaluation',
    );
    return { params: { id: evaluation.id }, body: { rating: 'good', summary: '良好', reportRef: '评估〔2026〕1号' } };
  },
  'GET /files/:id': citedFile,
  'GET /files/:id/meta': citedFile,
  'GET /scoreboard/:unit': async (_t, owner) => ({ params: { unit: owner.unit }, query: 'year=2026' }),
  'POST /urgings/:id/acknowledge': async (t, owner) => ({ params: { id: await urgingOn(t, owner.unit) } }),
  'POST /urgings/:id/reply': async (t, owner) => ({ params: { id: await urgingOn(t, owner.unit) }, body: { text: '已加快' } }),
  'POST /instructions/:id/responses': async (t, owner) => ({
    params: { id: await instructionOn(t, owner.unit) },
    body: { text: '已部署落实' },
  }),
  'POST /instructions/:id/close': async (t, owner) => ({
    params: { id: await instructionOn(t, owner.unit, owner.sub) },
    body: { comment: '已落实' },
  }),
};
