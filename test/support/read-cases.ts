import type { Role } from '#domain';
import type { ReadRule } from '../../apps/api/src/route.access.js';
import { uploadFile } from './files.js';
import type { TestApp } from './test-app.js';

export { buildReadRecord } from './read-records.js';

/*
 * The second dimension of the authorisation matrix: for every read route, who sees a record by
 * their relation to it. A case builds a fresh record of its rule's kind and names, per relation,
 * the user (id and unit) who stands in it; a probe says whether a caller's answer shows the record.
 * The expected answer is API.md's table restated here (`expectedToRead`), independently of the
 * domain's functions it checks. A rule whose records differ by what they are about (an
 * instruction on a task, a matter, a finding or a meeting item) has a record of each kind
 * (`READ_VARIANTS`). A record that can cite an evidence file cites one (`cites`), and
 * `CITATION_PROBE` asks `GET /files/:id/meta` whether its `citedBy` names the record.
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
  /** Which kind of the rule's records it is, for a rule with `READ_VARIANTS` (an instruction's subject kind). */
  variant?: string;
  /** An evidence file the record cites: its id and bytes, and the stream `citedBy` names the record by. */
  cites?: { fileId: string; name: string; bytes: Buffer; stream: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by field, as the e2e specs do
export type Answer = { status: number; text: string; body: any };

/** What a read route answers a caller about one record: the request, and whether the answer shows the record. */
export interface ReadProbe {
  /** What the caller does first, with its own token (upload the bytes a file probe reads). */
  prepare?(t: TestApp, token: string, record: ReadRecord): Promise<void>;
  url(record: ReadRecord): string;
  /** `true` shown, `false` not shown (a 404, or absent); throws on an answer that is neither. */
  shows(res: Answer, record: ReadRecord): boolean;
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
  // By its subject: an instruction on a matter has no unit to filter by.
  'GET /instructions': listed(
    (r) => `/instructions?limit=500&subjectKind=${r.params['subjectKind']}&subjectId=${enc(r.params['subjectId']!)}`,
    byId,
    (r) => r.params['id']!,
  ),
};

/**
 * `GET /files/:id/meta` of the file the record cites, asked by a caller who uploaded the same
 * bytes (so the file itself is theirs to read): `citedBy` shows the record exactly when the caller
 * may read the record. Reading the file does not widen what its citations name.
 */
export const CITATION_PROBE: ReadProbe = {
  async prepare(t, token, record) {
    const up = await uploadFile(t, token, record.cites!.name, record.cites!.bytes);
    if (up.status !== 201 || up.body.id !== record.cites!.fileId) throw new Error(`uploading: ${up.status} ${up.text}`);
  },
  url: (r) => `/files/${r.cites!.fileId}/meta`,
  shows(res, record) {
    answered(res);
    return (res.body.citedBy as Array<{ stream: string }>).some((c) => c.stream === record.cites!.stream);
  },
};

/** The kinds of record a rule is checked on, one record each: an instruction on each kind of subject. */
export const READ_VARIANTS: Readonly<Partial<Record<ReadRule, readonly string[]>>> = {
  instruction: ['task', 'matter', 'finding', 'meeting_item'],
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

/** The relations a record of `rule` (of kind `variant`) distinguishes. */
export function relationsOf(rule: ReadRule, variant?: string): readonly Relation[] {
  if (rule !== 'instruction') return RELATIONS[rule];
  // Whoever stands in a relation to the subject: its submitter and signers for a matter (no unit of its own),
  // an evaluator commissioned with the task, which reads the task.
  if (variant === 'matter') return ['submitter', 'signer', 'stranger'];
  if (variant === 'task') return ['own-unit', 'other-unit', 'commissioned'];
  return RELATIONS[rule];
}

const ALL_BUT_EVALUATOR: readonly Role[] = ['reform_office', 'committee_member', 'inspector', 'department', 'leader', 'admin'];
const COMMITTEE: readonly Role[] = ['reform_office', 'committee_member', 'leader', 'admin'];

/** API.md's "Who may read what", restated: whether a caller of `role` standing in `relation` reads the record. */
export function expectedToRead(rule: ReadRule, role: Role, relation: Relation, variant?: string): boolean {
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
    // An instruction on a subject: a department of the subject's unit (a matter has none: not even its submitter or
    // signers read what a leader instructed on it); an inspector those on what it reads whole, tasks and findings
    // (no meeting, not every matter); an evaluator none, even on the task it evaluates.
    case 'instruction':
      return (
        COMMITTEE.includes(role) ||
        (role === 'inspector' && (variant === 'task' || variant === 'finding')) ||
        (role === 'department' && relation === 'own-unit' && variant !== 'matter')
      );
  }
}
