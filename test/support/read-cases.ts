import type { Role } from '#domain';
import type { ReadRule } from '../../apps/api/src/route.access.js';
import { MATRIX_GROUP } from './owner-cases.js';
import { registerSpecialGroups } from './special-groups.js';
import type { TestApp } from './test-app.js';

/*
 * The second dimension of the authorisation matrix: for every read route, who sees a record by
 * their relation to it. A case builds a fresh record of its rule's kind and names, per relation,
 * the user (id and unit) who stands in it; a probe says whether a caller's answer shows the record.
 * The expected answer is API.md's table restated here (`expectedToRead`), independently of the
 * domain's functions it checks.
 */

/** How a caller stands to the record: the ownerships API.md's "Who may read what" names. */
export type Relation =
  'submitter' | 'signer' | 'former-signer' | 'stranger' | 'own-unit' | 'other-unit' | 'commissioned' | 'not-commissioned';

/** Who stands in a relation: the caller's user id and unit (a token gets any role on top). */
export interface Party {
  sub: string;
  unit: string;
}

/** A record built for the read cases: what the probes address, and who stands in each relation. */
export interface ReadRecord {
  /** Path parameters of the record's single GET (`id`, `findingId`, `code`). */
  params: Record<string, string>;
  /** Texts that only this record carries, for searches and exports. */
  marker: string;
  /** The unit the record belongs to (list filters by it, summaries key by it). */
  unit: string;
  parties: Partial<Record<Relation, Party>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by field, as the e2e specs do
type Answer = { status: number; text: string; body: any };

/** What a read route answers a caller about one record: the request, and whether the answer shows the record. */
export interface ReadProbe {
  url(record: ReadRecord): string;
  /** `true` shown, `false` not shown (a 404, or absent); throws on an answer that is neither. */
  shows(res: Answer, record: ReadRecord): boolean;
}

const FUTURE = '2099-06-30';

async function ok(res: Answer, what: string): Promise<Answer['body']> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

/** A single GET: 200 shows it, 404 hides it; anything else is a defect. */
const single = (path: (r: ReadRecord) => string): ReadProbe => ({
  url: path,
  shows(res) {
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new Error(`expected 200 or 404, got ${res.status} ${res.text}`);
  },
});

/** A list: the answer is 200 and its items include one with `key` equal to the record's. */
const listed = (
  path: (r: ReadRecord) => string,
  key: (item: Record<string, unknown>) => unknown,
  of: (r: ReadRecord) => string,
): ReadProbe => ({
  url: path,
  shows(res, record) {
    answered(res);
    return (res.body.items as Array<Record<string, unknown>>).some((i) => key(i) === of(record));
  },
});

/** An export or another text answer: 200, and the record's marker is in it. */
const exported = (path: (r: ReadRecord) => string): ReadProbe => ({
  url: path,
  shows(res, record) {
    answered(res);
    return res.text.includes(record.marker);
  },
});

/** `true` for a 200; throws on anything else (a summary answers every caller). */
function answered(res: Answer): true {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${res.text}`);
  return true;
}

const byId = (i: Record<string, unknown>) => i['id'];
const byCode = (i: Record<string, unknown>) => i['code'];
const enc = encodeURIComponent;

/** Every read route's probe, keyed as ROUTE_ACCESS is. */
export const READ_PROBES: Readonly<Record<string, ReadProbe>> = {
  'GET /matters/:id': single((r) => `/matters/${r.params['id']}`),
  'GET /matters': listed(
    (r) => `/matters?limit=500&q=${enc(r.marker)}`,
    byId,
    (r) => r.params['id']!,
  ),
  'GET /inspections/:id': single((r) => `/inspections/${r.params['id']}`),
  'GET /inspections': listed(
    (r) => `/inspections?limit=500&targetUnit=${enc(r.unit)}`,
    byId,
    (r) => r.params['id']!,
  ),
  'GET /inspections/:id/findings/:findingId': single((r) => `/inspections/${r.params['id']}/findings/${r.params['findingId']}`),
  'GET /rectifications': listed(
    (r) => `/rectifications?limit=500&responsibleUnit=${enc(r.unit)}`,
    byId,
    (r) => r.params['findingId']!,
  ),
  'GET /rectifications/summary': {
    url: () => '/rectifications/summary',
    shows: (res, r) => answered(res) && (res.body.byUnit as Array<{ unit: string }>).some((u) => u.unit === r.unit),
  },
  'GET /rectifications/export': exported((r) => `/rectifications/export?format=csv&responsibleUnit=${enc(r.unit)}`),
  'GET /meetings/:id': single((r) => `/meetings/${r.params['id']}`),
  'GET /meetings': listed(
    (r) => `/meetings?limit=500&q=${enc(r.marker)}`,
    byId,
    (r) => r.params['id']!,
  ),
  'GET /action-items': listed(
    (r) => `/action-items?limit=500&ownerUnit=${enc(r.unit)}`,
    byId,
    (r) => r.params['itemId']!,
  ),
  'GET /tasks/:id': single((r) => `/tasks/${r.params['id']}`),
  'GET /tasks/:id/timeline': single((r) => `/tasks/${r.params['id']}/timeline`),
  'GET /tasks': listed(
    (r) => `/tasks?limit=500&leadUnit=${enc(r.unit)}`,
    byId,
    (r) => r.params['id']!,
  ),
  'GET /tasks/summary': { url: () => '/tasks/summary', shows: (res, r) => answered(res) && res.body.byUnit[r.unit] !== undefined },
  'GET /tasks/export': exported((r) => `/tasks/export?format=csv&leadUnit=${enc(r.unit)}`),
  'GET /units/:code': single((r) => `/units/${r.params['code']}`),
  'GET /units/:code/summary': single((r) => `/units/${r.params['code']}/summary`),
  'GET /units': listed(
    (r) => `/units?limit=500&under=${enc(r.params['code']!)}`,
    byCode,
    (r) => r.params['code']!,
  ),
  'GET /special-groups/:code': single((r) => `/special-groups/${r.params['code']}`),
  'GET /special-groups': listed(
    () => '/special-groups?limit=500',
    byCode,
    (r) => r.params['code']!,
  ),
  'GET /plans/:id': single((r) => `/plans/${r.params['planId']}`),
  'GET /plans': listed(
    () => '/plans?limit=500',
    byId,
    (r) => r.params['planId']!,
  ),
  'GET /key-points': listed(
    (r) => `/key-points?limit=500&planId=${r.params['planId']}`,
    byId,
    (r) => r.params['keyPointId']!,
  ),
  'GET /decisions/:id': single((r) => `/decisions/${r.params['decisionId']}`),
  'GET /decisions': listed(
    () => '/decisions?limit=500',
    byId,
    (r) => r.params['decisionId']!,
  ),
  'GET /urgings/:id': single((r) => `/urgings/${r.params['id']}`),
  'GET /urgings': listed(
    (r) => `/urgings?limit=500&unit=${enc(r.unit)}`,
    byId,
    (r) => r.params['id']!,
  ),
  'GET /instructions/:id': single((r) => `/instructions/${r.params['id']}`),
  'GET /instructions': listed(
    (r) => `/instructions?limit=500&unit=${enc(r.unit)}`,
    byId,
    (r) => r.params['id']!,
  ),
};

/** The relations each rule distinguishes. */
export const RELATIONS: Readonly<Record<ReadRule, readonly Relation[]>> = {
  matter: ['submitter', 'signer', 'former-signer', 'stranger'],
  inspection: ['own-unit', 'other-unit'],
  finding: ['own-unit', 'other-unit'],
  meeting: ['own-unit', 'other-unit'],
  'action-item': ['own-unit', 'other-unit'],
  'ledger-task': ['commissioned', 'not-commissioned'],
  'ledger-unit': ['commissioned', 'not-commissioned'],
  'ledger-group': ['commissioned', 'not-commissioned'],
  'ledger-wide': ['commissioned', 'not-commissioned'],
  urging: ['own-unit', 'other-unit', 'commissioned'],
  instruction: ['own-unit', 'other-unit'],
};

const ALL_BUT_EVALUATOR: readonly Role[] = ['reform_office', 'committee_member', 'inspector', 'department', 'leader', 'admin'];
const COMMITTEE: readonly Role[] = ['reform_office', 'committee_member', 'leader', 'admin'];

/** API.md's "Who may read what", restated: whether a caller of `role` standing in `relation` reads the record. */
export function expectedToRead(rule: ReadRule, role: Role, relation: Relation): boolean {
  switch (rule) {
    case 'matter':
      return COMMITTEE.includes(role) || relation !== 'stranger';
    case 'inspection':
    case 'finding':
      return [...COMMITTEE, 'inspector'].includes(role) || (role === 'department' && relation === 'own-unit');
    case 'meeting':
    case 'action-item':
      return COMMITTEE.includes(role) || (role === 'department' && relation === 'own-unit');
    case 'ledger-task':
    case 'ledger-unit':
    case 'ledger-group':
      return ALL_BUT_EVALUATOR.includes(role) || relation === 'commissioned';
    case 'ledger-wide':
      return ALL_BUT_EVALUATOR.includes(role);
    case 'urging':
      return [...COMMITTEE, 'inspector'].includes(role) || (role === 'department' && relation === 'own-unit');
    // The record is an instruction on an action item: an inspector, who reads no meeting, does not read it either.
    case 'instruction':
      return COMMITTEE.includes(role) || (role === 'department' && relation === 'own-unit');
  }
}

/** Builds a fresh record of the rule's kind, `n` making its names unique. */
export async function buildReadRecord(t: TestApp, rule: ReadRule, n: number): Promise<ReadRecord> {
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
      return {
        params: { id: i.id, findingId: f.id },
        marker,
        unit,
        parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other },
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
      return { params: { id: x.id }, marker, unit, parties: await commission({ kind: 'task', id: x.id }) };
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
      return {
        params: { id: u.id },
        marker,
        unit,
        parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other, ...(commissioned ? { commissioned } : {}) },
      };
    }
    case 'instruction': {
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
      const leader = await t.token('read-matrix-leader', ['leader']);
      const body = { subject: { kind: 'meeting_item', id: item.id }, text: marker, respondBy: FUTURE };
      const i = await ok(await t.request('POST', '/instructions', { token: leader, body }), 'giving an instruction');
      return { params: { id: i.id }, marker, unit, parties: { 'own-unit': { sub: `read-dept-${n}`, unit }, 'other-unit': other } };
    }
  }
}
