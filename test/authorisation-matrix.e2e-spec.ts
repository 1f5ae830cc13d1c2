import { ROLES, type Role } from '#domain';
import { ROUTE_ACCESS, type RouteAccess } from '../apps/api/src/route.access.js';
import { OWNER_CASES } from './support/owner-cases.js';
import {
  buildReadRecord,
  CITATION_PROBE,
  expectedToRead,
  READ_PROBES,
  READ_VARIANTS,
  relationsOf,
  type ReadProbe,
  type ReadRecord,
} from './support/read-cases.js';
import type { ReadRule } from '../apps/api/src/route.access.js';
import { fillPath, nestRoutes } from './support/routes.js';
import { reportFigures } from './support/hostile-figures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The complete authorisation matrix: every route the app serves × no token and every role,
// and, where API.md defines ownership, owner and not owner. The expected answer comes from
// ROUTE_ACCESS (apps/api/src/route.access.ts), the one table of who may call what; a route
// without an entry fails here, so a new route cannot be added without saying who may call it.

type Caller = 'none' | Role;
const CALLERS: readonly Caller[] = ['none', ...ROLES];

/** What a caller must get from a route, by the table: an exact status, or "let through". */
type Expected = { status: 401 | 403 | 404 } | { admitted: true };

function expectedFor(access: RouteAccess, caller: Caller): Expected | null {
  if (access.roles === 'public') return { admitted: true };
  if (caller === 'none') return { status: 401 };
  const admitted = access.roles === 'any' || access.roles.includes(caller);
  if (!admitted) return { status: 403 };
  // An admitted role bound by ownership is decided per resource, in the owner cases below.
  if (access.owner && !(access.owner.exempt ?? []).includes(caller)) return null;
  return { admitted: true };
}

const matches = (status: number, expected: Expected) =>
  'status' in expected ? status === expected.status : status !== 401 && status !== 403;
/** Past the guard and the ownership rules: not refused as unauthenticated, forbidden or not found, and no 5xx. */
const letThrough = (status: number) => status !== 401 && status !== 403 && status !== 404 && status < 500;
const describeExpected = (expected: Expected) => ('status' in expected ? String(expected.status) : 'neither 401 nor 403');

describe('authorisation matrix', () => {
  let t: TestApp;
  let routes: string[];
  const tokens = new Map<string, string>();
  let cases = 0;

  async function tokenOf(caller: Role, sub = `matrix-${caller}`, unit = 'matrix-unit'): Promise<string> {
    const key = `${caller}|${sub}|${unit}`;
    let token = tokens.get(key);
    if (!token) {
      token = await t.token(sub, [caller], unit);
      tokens.set(key, token);
    }
    return token;
  }

  beforeAll(async () => {
    t = await startTestApp();
    routes = nestRoutes(t.app);
  });
  afterAll(async () => {
    reportFigures('authorisation matrix', {
      routes: Object.keys(ROUTE_ACCESS).length,
      'cases (route × caller, owner and not owner)': cases,
      'requests sent': cases,
    });
    await t?.close();
  });

  it('has an entry for every route the app serves, and none for a route it does not', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !ROUTE_ACCESS[r])).toEqual([]);
    const served = new Set(routes);
    expect(
      Object.entries(ROUTE_ACCESS)
        .filter(([r, a]) => !a.plugin && !served.has(r))
        .map(([r]) => r),
    ).toEqual([]);
  });

  it('has an owner case for every route whose access depends on ownership', () => {
    const owned = Object.entries(ROUTE_ACCESS)
      .filter(([, a]) => a.owner)
      .map(([r]) => r);
    expect(owned.filter((r) => !OWNER_CASES[r])).toEqual([]);
    expect(Object.keys(OWNER_CASES).filter((r) => !ROUTE_ACCESS[r]?.owner)).toEqual([]);
  });

  it('answers every route × caller as the table says: 401 without a token, 403 for a role it does not admit', async () => {
    const wrong: string[] = [];
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      const [method, template] = route.split(' ') as ['GET' | 'POST', string];
      const url = fillPath(template, {});
      for (const caller of CALLERS) {
        const expected = expectedFor(access, caller);
        if (!expected) continue;
        const res = await t.request(method, url, caller === 'none' ? {} : { token: await tokenOf(caller) });
        cases++;
        if (!matches(res.status, expected)) wrong.push(`${route} as ${caller}: ${res.status}, expected ${describeExpected(expected)}`);
        if ((res.status === 401 || res.status === 403) && !String(res.headers['content-type']).startsWith('application/problem+json')) {
          wrong.push(`${route} as ${caller}: ${res.status} without problem+json`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets the owner act and refuses everyone else of the same role, on routes where API.md defines ownership', async () => {
    const wrong: string[] = [];
    let n = 0;
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      if (!access.owner) continue;
      const [method, template] = route.split(' ') as ['GET' | 'POST', string];
      const admitted: readonly Role[] = access.roles === 'any' || access.roles === 'public' ? ROLES : access.roles;
      const bound = admitted.filter((r) => !(access.owner!.exempt ?? []).includes(r));
      for (const role of bound) {
        n++;
        const owner = { sub: `owner-${n}`, unit: `unit-${n}` };
        const stranger = { sub: `stranger-${n}`, unit: `other-unit-${n}` };
        const resource = await OWNER_CASES[route]!(t, owner);
        const url = fillPath(template, resource.params) + (resource.query ? `?${resource.query}` : '');
        const send = async (who: { sub: string; unit: string }) =>
          t.request(method, url, {
            token: await tokenOf(role, who.sub, who.unit),
            ...(resource.body !== undefined ? { body: resource.body } : {}),
          });
        const refused = await send(stranger);
        cases++;
        const strangerStatus = access.owner.stranger ?? 403;
        if (refused.status !== strangerStatus)
          wrong.push(`${route} as ${role} not owner: ${refused.status} ${refused.text}, expected ${strangerStatus}`);
        const allowed = await send(owner);
        cases++;
        if (!letThrough(allowed.status))
          wrong.push(`${route} as ${role} owner: ${allowed.status} ${allowed.text}, expected to be let through`);
      }
      // A role exempt from ownership (the office on any task) acts on a resource it does not own.
      for (const role of access.owner.exempt ?? []) {
        n++;
        const resource = await OWNER_CASES[route]!(t, { sub: `owner-${n}`, unit: `unit-${n}` });
        const url = fillPath(template, resource.params) + (resource.query ? `?${resource.query}` : '');
        const res = await t.request(method, url, {
          token: await tokenOf(role, `exempt-${n}`, `other-unit-${n}`),
          ...(resource.body !== undefined ? { body: resource.body } : {}),
        });
        cases++;
        if (!letThrough(res.status))
          wrong.push(`${route} as ${role}, exempt from ownership: ${res.status} ${res.text}, expected to be let through`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has a reading rule and a probe for every read route of the records API.md\'s "Who may read what" names', () => {
    const RECORD_PATHS =
      /^GET \/(tasks|special-groups|units|plans|key-points|decisions|matters|meetings|action-items|inspections|rectifications|urgings|instructions)(\/|$)/;
    const reads = Object.keys(ROUTE_ACCESS).filter((r) => RECORD_PATHS.test(r));
    expect(reads.filter((r) => !ROUTE_ACCESS[r]!.read)).toEqual([]);
    const ruled = Object.entries(ROUTE_ACCESS)
      .filter(([, a]) => a.read)
      .map(([r]) => r);
    expect(ruled.filter((r) => !READ_PROBES[r])).toEqual([]);
    expect(Object.keys(READ_PROBES).filter((r) => !ROUTE_ACCESS[r]?.read)).toEqual([]);
  });

  // One record per rule (per kind of a rule's records, READ_VARIANTS) serves all its routes: each must tell the same callers apart.
  let n = 0;
  const records = new Map<string, ReadRecord>();
  async function recordsOf(rule: ReadRule): Promise<ReadRecord[]> {
    const out: ReadRecord[] = [];
    for (const variant of READ_VARIANTS[rule] ?? [undefined]) {
      const key = `${rule}:${variant ?? ''}`;
      let record = records.get(key);
      if (!record) records.set(key, (record = await buildReadRecord(t, rule, ++n, variant)));
      out.push(record);
    }
    return out;
  }

  /** Asks `probe` about `record` as every role in every relation; the callers it shows the record to wrongly, or hides it from. */
  async function probeAll(what: string, rule: ReadRule, record: ReadRecord, probe: ReadProbe): Promise<string[]> {
    const wrong: string[] = [];
    for (const role of ROLES) {
      for (const relation of relationsOf(rule, record.variant)) {
        const party = record.parties[relation]!;
        const token = await tokenOf(role, party.sub, party.unit);
        await probe.prepare?.(t, token, record);
        const res = await t.request('GET', probe.url(record), { token });
        cases++;
        const expected = expectedToRead(rule, role, relation, record.variant);
        let shown: boolean | string;
        try {
          shown = probe.shows(res, record);
        } catch (e) {
          shown = (e as Error).message;
        }
        if (shown !== expected)
          wrong.push(
            `${what}${record.variant ? ` (${record.variant})` : ''} as ${role} (${relation}): ` +
              `${shown === true ? 'shown' : shown === false ? 'not shown' : shown}, expected ${expected ? 'shown' : 'not shown'}`,
          );
      }
    }
    return wrong;
  }

  it('shows a record on every read route exactly to the callers who may read it, by role and by their relation to it', async () => {
    const wrong: string[] = [];
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      const rule = access.read;
      if (!rule) continue;
      for (const record of await recordsOf(rule)) wrong.push(...(await probeAll(route, rule, record, READ_PROBES[route]!)));
    }
    expect(wrong).toEqual([]);
  });

  it("names a record in a file's citedBy (GET /files/:id/meta) exactly to the callers who may read the record", async () => {
    const wrong: string[] = [];
    const rules = [...new Set(Object.values(ROUTE_ACCESS).flatMap((a) => (a.read ? [a.read] : [])))];
    let cited = 0;
    for (const rule of rules) {
      for (const record of await recordsOf(rule)) {
        if (!record.cites) continue;
        cited++;
        wrong.push(...(await probeAll('GET /files/:id/meta citedBy', rule, record, CITATION_PROBE)));
      }
    }
    expect(wrong).toEqual([]);
    // Tasks, findings, urgings and instructions on each of the four kinds of subject cite files.
    expect(cited).toBe(7);
  });
});
