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
  const k = await recordKit(t, n);
  const { office, marker, unit, other } = k;
  const own = { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other };
  switch (rule) {
    case 'matter': {
      const m = await k.matter([`read-signer-${n}`, `read-former-${n}`]);
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
      // A finding in another unit's inspection: its own unit reads it by the finding alone.
      const { inspector, inspection: i, finding: f } = await k.finding(rule === 'inspection' ? unit : `read-inspected-${n}`);
      // A rectification citing a file: `citedBy` names the inspection's stream, judged by the finding's unit.
      const cites = await k.cite(inspector, `inspection-${i.id}`, (fileId) =>
        t.request('POST', `/inspections/${i.id}/findings/${f.id}/rectifications`, {
          token: inspector,
          body: { description: marker, attachments: [fileId] },
        }),
      );
      return { params: { id: i.id, findingId: f.id }, marker, unit, parties: own, ...(rule === 'finding' ? { cites } : {}) };
    }
    case 'meeting':
    case 'action-item': {
      const { meeting: m, item } = await k.meetingItem();
      return { params: { id: m.id, itemId: item.id }, marker, unit, parties: own };
    }
    case 'ledger-task': {
      const x = await k.task(unit);
      const lead = await t.token(`read-lead-${n}`, ['department'], unit);
      const cites = await k.cite(lead, `task-${x.id}`, (fileId) =>
        t.request('POST', `/tasks/${x.id}/progress`, { token: lead, body: { percent: 10, note: marker, attachments: [fileId] } }),
      );
      return { params: { id: x.id }, marker, unit, parties: await k.commission({ kind: 'task', id: x.id }), cites };
    }
    case 'ledger-unit': {
      await ok(
        await t.request('POST', '/units', { token: office, body: { code: unit, name: marker, level: 'department' } }),
        'registering a unit',
      );
      await k.task(unit);
      return { params: { code: unit }, marker, unit, parties: await k.commission({ kind: 'unit', id: unit }) };
    }
    case 'ledger-group': {
      const code = `read-group-${n}`;
      await k.task(unit, code);
      return { params: { code }, marker, unit, parties: await k.commission({ kind: 'special_group', id: code }) };
    }
    case 'ledger-wide': {
      const x = await k.task(unit);
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
        parties: await k.commission({ kind: 'task', id: x.id }),
      };
    }
    case 'urging': {
      const x = await k.task(unit);
      const u = await ok(
        await t.request('POST', `/tasks/${x.id}/urgings`, { token: office, body: { text: marker, replyBy: FUTURE } }),
        'issuing an urging',
      );
      // An evaluator commissioned with the task reads the task, not the notices on it.
      const { commissioned } = await k.commission({ kind: 'task', id: x.id });
      const lead = await t.token(`read-lead-${n}`, ['department'], unit);
      const cites = await k.cite(lead, `urging-${u.id}`, (fileId) =>
        t.request('POST', `/urgings/${u.id}/reply`, { token: lead, body: { text: marker, attachments: [fileId] } }),
      );
      return { params: { id: u.id }, marker, unit, parties: { ...own, ...(commissioned ? { commissioned } : {}) }, cites };
    }
    case 'instruction':
      return instructionRecord(t, variant ?? 'meeting_item', k);
  }
}

/** The names of record `n` and the builders of what a record stands on, each stated once for every rule and subject. */
interface RecordKit {
  n: number;
  office: string;
  marker: string;
  unit: string;
  other: Party;
  /** Commissions an evaluation of `subject` (by `read-org-<n>`); answers who is and who is not commissioned. */
  commission(subject: { kind: string; id: string }): Promise<Partial<Record<Relation, Party>>>;
  /** Uploads a PDF of the record's own as `token` and has `attach` cite it; `stream` names the citing record. */
  cite(token: string, stream: string, attach: (fileId: string) => Promise<Answer>): Promise<ReadRecord['cites']>;
  /** Registers a task of `leadUnit` in special group `group`. */
  task(leadUnit: string, group?: string): Promise<Answer['body']>;
  /** A matter submitted by `read-submitter-<n>` of the record's unit to `signers`. */
  matter(signers: string[]): Promise<Answer['body']>;
  /** An inspection of `targetUnit` with a finding for the record's unit. */
  finding(targetUnit: string): Promise<{ inspector: string; inspection: Answer['body']; finding: Answer['body'] }>;
  /** A meeting with an action item owned by `read-owner-<n>` of the record's unit. */
  meetingItem(): Promise<{ meeting: Answer['body']; item: Answer['body'] }>;
}

async function recordKit(t: TestApp, n: number): Promise<RecordKit> {
  const office = await t.token('read-matrix-office', ['reform_office']);
  const marker = `读取标记${n}x`;
  const unit = `read-unit-${n}`;
  return {
    n,
    office,
    marker,
    unit,
    other: { sub: `read-stranger-${n}`, unit: `read-other-${n}` },
    async commission(subject) {
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
    },
    async cite(token, stream, attach) {
      const name = `佐证${n}.pdf`;
      const bytes = samplePdf(`read matrix ${n}`);
      const file = await ok(await uploadFile(t, token, name, bytes), 'uploading a file');
      await ok(await attach(file.id), 'citing the file');
      return { fileId: file.id, name, bytes, stream };
    },
    async task(leadUnit, group = MATRIX_GROUP) {
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
    },
    async matter(signers) {
      const submitter = await t.token(`read-submitter-${n}`, ['department'], unit);
      return ok(
        await t.request('POST', '/matters', { token: submitter, body: { title: marker, body: '机密', signers, mode: 'all' } }),
        'submitting a matter',
      );
    },
    async finding(targetUnit) {
      const inspector = await t.token('read-matrix-inspector', ['inspector']);
      const inspection = await ok(
        await t.request('POST', '/inspections', { token: inspector, body: { title: marker, targetUnit } }),
        'opening an inspection',
      );
      const finding = await ok(
        await t.request('POST', `/inspections/${inspection.id}/findings`, {
          token: inspector,
          body: { description: marker, severity: 'low', responsibleUnit: unit, rectificationDue: FUTURE },
        }),
        'recording a finding',
      );
      return { inspector, inspection, finding };
    },
    async meetingItem() {
      const meeting = await ok(
        await t.request('POST', '/meetings', { token: office, body: { title: marker, scheduledAt: '2099-01-01T09:00:00+08:00' } }),
        'scheduling',
      );
      const item = await ok(
        await t.request('POST', `/meetings/${meeting.id}/items`, {
          token: office,
          body: { title: marker, owner: `read-owner-${n}`, ownerUnit: unit, deadline: FUTURE },
        }),
        'adding an item',
      );
      return { meeting, item };
    },
  };
}

/**
 * A leader's instruction on a fresh subject of kind `variant` whose unit is the record's (a matter has
 * none: its submitter's unit is the record's), answered by the office with a file it cites.
 */
async function instructionRecord(t: TestApp, variant: string, k: RecordKit): Promise<ReadRecord> {
  const { n, office, marker, unit, other } = k;
  const own = { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other };
  let subjectId: string;
  let parties: Partial<Record<Relation, Party>>;
  switch (variant) {
    case 'task': {
      const x = await k.task(unit);
      subjectId = x.id;
      // The evaluator commissioned with the task reads the task, not what a leader instructed on it.
      const { commissioned } = await k.commission({ kind: 'task', id: x.id });
      parties = { ...own, ...(commissioned ? { commissioned } : {}) };
      break;
    }
    case 'matter': {
      subjectId = (await k.matter([`read-signer-${n}`])).id;
      parties = { submitter: { sub: `read-submitter-${n}`, unit }, signer: { sub: `read-signer-${n}`, unit }, stranger: other };
      break;
    }
    case 'finding': {
      subjectId = (await k.finding(`read-inspected-${n}`)).finding.id;
      parties = own;
      break;
    }
    case 'meeting_item': {
      subjectId = (await k.meetingItem()).item.id;
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
