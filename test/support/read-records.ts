import { samplePdf } from '../../libs/platform/src/files/sample-files.fixture.js';
import type { ReadRule } from '../../apps/api/src/route.access.js';
import { uploadFile } from './files.js';
import { MATRIX_GROUP } from './owner-cases.js';
import type { Answer, Party, ReadRecord, Relation } from './read-cases.js';
import { registerSpecialGroups } from './special-groups.js';
import type { TestApp } from './test-app.js';

/*
 * The records of the authorisation matrix's read dimension (read-cases.ts): one fresh record per
 * rule (and per kind, `READ_VARIANTS`), each naming who stands in each relation to it and, where
 * the record can cite evidence, the file it cites.
 */

const FUTURE = '2099-06-30';

async function ok(res: Answer, what: string): Promise<Answer['body']> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

/** Builds a fresh record of the rule's kind (of kind `variant` of it), `n` making its names unique. */
export async function buildReadRecord(t: TestApp, rule: ReadRule, n: number, variant?: string): Promise<ReadRecord> {
  const office = await t.token('read-matrix-office', ['reform_office']);
  const marker = `读取标记${n}x`;
  const unit = `read-unit-${n}`;
  const other: Party = { sub: `read-stranger-${n}`, unit: `read-other-${n}` };
  const commission = async (subject: { kind: string; id: string }): Promise<Partial<Record<Relation, Party>>> => {
    await ok(
      await t.request('POST', '/evaluations', {
        token: office,
        body: { subject, year: 2099, evaluatorUnit: `read-org-${n}`, due: FUTURE },
      }),
      'commissioning',
    );
    return {
      commissioned: { sub: `read-evaluator-${n}`, unit: `read-org-${n}` },
      'not-commissioned': { sub: `read-evaluator-x${n}`, unit: `read-org-x${n}` },
    };
  };
  const task = async (leadUnit: string, group = MATRIX_GROUP) => {
    await registerSpecialGroups(t, [group]);
    return ok(
      await t.request('POST', '/tasks', {
        token: office,
        body: {
          title: marker,
          area: 'government_services',
          specialGroup: group,
          leadUnit,
          responsible: '张三',
          evaluationStandard: '全部办结',
          deadline: FUTURE,
        },
      }),
      'registering a task',
    );
  };
  /** Uploads a PDF of the record's own as `token` and has `attach` cite it; `stream` names the citing record. */
  const cite = async (token: string, stream: string, attach: (fileId: string) => Promise<Answer>): Promise<ReadRecord['cites']> => {
    const name = `佐证${n}.pdf`;
    const bytes = samplePdf(`read matrix ${n}`);
    const file = await ok(await uploadFile(t, token, name, bytes), 'uploading a file');
    await ok(await attach(file.id), 'citing the file');
    return { fileId: file.id, name, bytes, stream };
  };
  switch (rule) {
    case 'matter': {
      const submitter = await t.token(`read-submitter-${n}`, ['department'], unit);
      const m = await ok(
        await t.request('POST', '/matters', {
          token: submitter,
          body: { title: marker, body: '机密', signers: [`read-signer-${n}`, `read-former-${n}`], mode: 'all' },
        }),
        'submitting a matter',
      );
      const former = await t.token(`read-former-${n}`, ['department'], unit);
      await ok(
        await t.request('POST', `/matters/${m.id}/delegate`, { token: former, body: { to: `read-delegate-${n}`, reason: '出差' } }),
        'handing over',
      );
      return {
        params: { id: m.id },
        marker,
        unit,
        parties: {
          submitter: { sub: `read-submitter-${n}`, unit },
          signer: { sub: `read-signer-${n}`, unit },
          'former-signer': { sub: `read-former-${n}`, unit },
          stranger: other,
        },
      };
    }
    case 'inspection':
    case 'finding': {
      const inspector = await t.token('read-matrix-inspector', ['inspector']);
      // A finding in another unit's inspection: its own unit reads it by the finding alone.
      const target = rule === 'inspection' ? unit : `read-inspected-${n}`;
      const i = await ok(
        await t.request('POST', '/inspections', { token: inspector, body: { title: marker, targetUnit: target } }),
        'opening an inspection',
      );
      const f = await ok(
        await t.request('POST', `/inspections/${i.id}/findings`, {
          token: inspector,
          body: { description: marker, severity: 'low', responsibleUnit: unit, rectificationDue: FUTURE },
        }),
        'recording a finding',
      );
      // A rectification citing a file: `citedBy` names the inspection's stream, judged by the finding's unit.
      const cites = await cite(inspector, `inspection-${i.id}`, (fileId) =>
        t.request('POST', `/inspections/${i.id}/findings/${f.id}/rectifications`, {
          token: inspector,
          body: { description: marker, attachments: [fileId] },
        }),
      );
      return {
        params: { id: i.id, findingId: f.id },
        marker,
        unit,
        parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other },
        ...(rule === 'finding' ? { cites } : {}),
      };
    }
    case 'meeting':
    case 'action-item': {
      const m = await ok(
        await t.request('POST', '/meetings', { token: office, body: { title: marker, scheduledAt: '2099-01-01T09:00:00+08:00' } }),
        'scheduling',
      );
      const item = await ok(
        await t.request('POST', `/meetings/${m.id}/items`, {
          token: office,
          body: { title: marker, owner: `read-owner-${n}`, ownerUnit: unit, deadline: FUTURE },
        }),
        'adding an item',
      );
      return {
        params: { id: m.id, itemId: item.id },
        marker,
        unit,
        parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other },
      };
    }
    case 'ledger-task': {
      const x = await task(unit);
      const lead = await t.token(`read-lead-${n}`, ['department'], unit);
      const cites = await cite(lead, `task-${x.id}`, (fileId) =>
        t.request('POST', `/tasks/${x.id}/progress`, { token: lead, body: { percent: 10, note: marker, attachments: [fileId] } }),
      );
      return { params: { id: x.id }, marker, unit, parties: await commission({ kind: 'task', id: x.id }), cites };
    }
    case 'ledger-unit': {
      await ok(
        await t.request('POST', '/units', { token: office, body: { code: unit, name: marker, level: 'department' } }),
        'registering a unit',
      );
      await task(unit);
      return { params: { code: unit }, marker, unit, parties: await commission({ kind: 'unit', id: unit }) };
    }
    case 'ledger-group': {
      const code = `read-group-${n}`;
      await task(unit, code);
      return { params: { code }, marker, unit, parties: await commission({ kind: 'special_group', id: code }) };
    }
    case 'ledger-wide': {
      const x = await task(unit);
      const plan = await ok(
        await t.request('POST', '/plans', { token: office, body: { title: marker, periodFrom: 2099, periodTo: 2100 } }),
        'registering a plan',
      );
      const kp = await ok(
        await t.request('POST', `/plans/${plan.id}/key-points`, {
          token: office,
          body: { year: 2099, title: marker, area: 'government_services' },
        }),
        'adding a key point',
      );
      const decision = await ok(
        await t.request('POST', '/decisions', { token: office, body: { title: marker, content: '决定', taskIds: [x.id] } }),
        'recording a decision',
      );
      // The evaluator is commissioned with the task the decision concerns: still no reader of decisions or plans.
      return {
        params: { planId: plan.id, keyPointId: kp.id, decisionId: decision.id },
        marker,
        unit,
        parties: await commission({ kind: 'task', id: x.id }),
      };
    }
    case 'urging': {
      const x = await task(unit);
      const u = await ok(
        await t.request('POST', `/tasks/${x.id}/urgings`, { token: office, body: { text: marker, replyBy: FUTURE } }),
        'issuing an urging',
      );
      // An evaluator commissioned with the task reads the task, not the notices on it.
      const { commissioned } = await commission({ kind: 'task', id: x.id });
      const lead = await t.token(`read-lead-${n}`, ['department'], unit);
      const cites = await cite(lead, `urging-${u.id}`, (fileId) =>
        t.request('POST', `/urgings/${u.id}/reply`, { token: lead, body: { text: marker, attachments: [fileId] } }),
      );
      return {
        params: { id: u.id },
        marker,
        unit,
        parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other, ...(commissioned ? { commissioned } : {}) },
        cites,
      };
    }
    case 'instruction':
      return instructionRecord(t, office, variant ?? 'meeting_item', { n, marker, unit, other, commission, cite });
  }
}

/** What {@link buildReadRecord} hands {@link instructionRecord}: the names and helpers of record `n`. */
interface RecordKit {
  n: number;
  marker: string;
  unit: string;
  other: Party;
  commission(subject: { kind: string; id: string }): Promise<Partial<Record<Relation, Party>>>;
  cite(token: string, stream: string, attach: (fileId: string) => Promise<Answer>): Promise<ReadRecord['cites']>;
}

/**
 * A leader's instruction on a fresh subject of kind `variant` whose unit is the record's (a matter has
 * none: its submitter's unit is the record's), answered by the office with a file it cites.
 */
async function instructionRecord(t: TestApp, office: string, variant: string, k: RecordKit): Promise<ReadRecord> {
  const { n, marker, unit, other } = k;
  const own = { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other };
  let subjectId: string;
  let parties: Partial<Record<Relation, Party>>;
  switch (variant) {
    case 'task': {
      await registerSpecialGroups(t, [MATRIX_GROUP]);
      const body = { title: marker, area: 'government_services', specialGroup: MATRIX_GROUP, leadUnit: unit, responsible: '张三' };
      const x = await ok(
        await t.request('POST', '/tasks', { token: office, body: { ...body, evaluationStandard: '全部办结', deadline: FUTURE } }),
        'registering a task',
      );
      subjectId = x.id;
      // The evaluator commissioned with the task reads the task, not what a leader instructed on it.
      const { commissioned } = await k.commission({ kind: 'task', id: x.id });
      parties = { ...own, ...(commissioned ? { commissioned } : {}) };
      break;
    }
    case 'matter': {
      const submitter = await t.token(`read-submitter-${n}`, ['department'], unit);
      const m = await ok(
        await t.request('POST', '/matters', {
          token: submitter,
          body: { title: marker, body: '机密', signers: [`read-signer-${n}`], mode: 'all' },
        }),
        'submitting a matter',
      );
      subjectId = m.id;
      parties = { submitter: { sub: `read-submitter-${n}`, unit }, signer: { sub: `read-signer-${n}`, unit }, stranger: other };
      break;
    }
    case 'finding': {
      const inspector = await t.token('read-matrix-inspector', ['inspector']);
      const i = await ok(
        await t.request('POST', '/inspections', { token: inspector, body: { title: marker, targetUnit: `read-inspected-${n}` } }),
        'opening an inspection',
      );
      const f = await ok(
        await t.request('POST', `/inspections/${i.id}/findings`, {
          token: inspector,
          body: { description: marker, severity: 'low', responsibleUnit: unit, rectificationDue: FUTURE },
        }),
        'recording a finding',
      );
      subjectId = f.id;
      parties = own;
      break;
    }
    case 'meeting_item': {
      const m = await ok(
        await t.request('POST', '/meetings', { token: office, body: { title: marker, scheduledAt: '2099-01-01T09:00:00+08:00' } }),
        'scheduling',
      );
      const item = await ok(
        await t.request('POST', `/meetings/${m.id}/items`, {
          token: office,
          body: { title: marker, owner: `read-owner-${n}`, ownerUnit: unit, deadline: FUTURE },
        }),
        'adding an item',
      );
      subjectId = item.id;
      parties = own;
      break;
    }
    default:
      throw new Error(`no instruction subject of kind ${variant}`);
  }
  const leader = await t.token('read-matrix-leader', ['leader']);
  const body = { subject: { kind: variant, id: subjectId }, text: marker, respondBy: FUTURE };
  const i = await ok(await t.request('POST', '/instructions', { token: leader, body }), 'giving an instruction');
  const cites = await k.cite(office, `instruction-${i.id}`, (fileId) =>
    t.request('POST', `/instructions/${i.id}/responses`, { token: office, body: { text: marker, attachments: [fileId] } }),
  );
  return { params: { id: i.id, subjectKind: variant, subjectId }, marker, unit, parties, variant, cites };
}
