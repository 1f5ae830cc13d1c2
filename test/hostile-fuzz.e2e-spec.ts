import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { ROLES } from '#domain';
import { reportFigures, fuzzRuns } from './support/hostile-figures.js';
import { hostileBody, hostileHeaders, hostileQuery, hostileSegment, type Components, type Schema } from './support/hostile-input.js';
import { OWNER_CASES } from './support/owner-cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A property-based fuzzer over every operation of the OpenAPI document: generated bodies,
// query strings, headers and path ids (real ids of a seeded ledger, and hostile ones). For every
// request: never a 5xx, and a refused request (4xx) appends no event. Afterwards the process
// still answers, Object.prototype is untouched, and the heap has not grown without bound.
// HOSTILE_FUZZ_RUNS sets the cases per operation (CI: a few; `npm run test:hostile`: many).

const RUNS_PER_OPERATION = fuzzRuns(4);
/** Heap growth (after a full GC) allowed between the warm-up pass and the end of the run. */
const HEAP_GROWTH_LIMIT_MB = 64;

interface Operation {
  method: 'GET' | 'POST';
  path: string;
  params: Array<{ name: string; in: string; schema?: Schema }>;
  body?: Schema;
}

interface Failure {
  request: string;
  status: number;
  why: string;
  answer: string;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

describe('hostile input fuzzer', () => {
  let t: TestApp;
  let operations: Operation[];
  let components: Components;
  let token: string;
  /** Real ids by `<first path segment>:<parameter>`, so some requests reach the deciders. */
  const ids = new Map<string, string[]>();
  const failures: Failure[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  let sent = 0;
  let fiveHundreds = 0;
  let appendedByRefused = 0;
  let refused = 0;

  const addId = (key: string, ...values: string[]) => ids.set(key, [...(ids.get(key) ?? []), ...values]);

  /** Seeds a ledger with one resource of each kind (through the owner cases' builders) and records their ids. */
  async function seed(): Promise<void> {
    const owner = { sub: 'fuzz-user', unit: 'fuzz-unit' };
    const task = await OWNER_CASES['POST /tasks/:id/progress']!(t, owner);
    addId('tasks:id', task.params['id']!);
    addId('tasks:milestoneId', task.params['milestoneId']!);
    addId('special-groups:code', 'matrix-group');
    addId('audit:stream', `task-${task.params['id']}`);
    addId('scoreboard:unit', owner.unit);
    addId('admin:name', 'task-ledger', 'audit-log');
    const matter = await OWNER_CASES['POST /matters/:id/sign']!(t, owner);
    addId('matters:id', matter.params['id']!);
    addId('audit:stream', `matter-${matter.params['id']}`);
    const item = await OWNER_CASES['POST /meetings/:id/items/:itemId/complete']!(t, owner);
    addId('meetings:id', item.params['id']!);
    addId('meetings:itemId', item.params['itemId']!);
    const finding = await OWNER_CASES['POST /inspections/:id/findings/:findingId/plan']!(t, owner);
    addId('inspections:id', finding.params['id']!);
    addId('inspections:findingId', finding.params['findingId']!);
    const evaluation = await OWNER_CASES['POST /evaluations/:id/report']!(t, owner);
    addId('evaluations:id', evaluation.params['id']!);
    const note = await OWNER_CASES['POST /notifications/:id/read']!(t, owner);
    addId('notifications:id', note.params['id']!);
    const office = await t.token('fuzz-office', ['reform_office']);
    const plan = await t.request('POST', '/plans', { token: office, body: { title: '规划', periodFrom: 2024, periodTo: 2028 } });
    addId('plans:id', plan.body.id);
    const exemplar = await t.request('POST', '/exemplars', {
      token: office,
      body: { title: '典型', unit: owner.unit, year: 2026, summary: '经验' },
    });
    addId('exemplars:id', exemplar.body.id);
    const decision = await t.request('POST', '/decisions', { token: office, body: { title: '决定', content: '内容' } });
    addId('decisions:id', decision.body.id);
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    t = await startTestApp();
    // Every role, so requests get past the guard and reach validation and the deciders.
    token = await t.token('fuzz-user', [...ROLES], 'fuzz-unit');
    const doc = (await t.request('GET', '/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
      >;
      components: { schemas: Components };
    };
    components = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
    );
    await seed();
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await t?.close();
  });

  /** Sends one generated request and checks it; returns nothing, failures are collected. */
  async function send(
    op: Operation,
    segments: Record<string, string>,
    query: string,
    body: { text?: string; contentType?: string },
    headers: Record<string, string>,
    badToken: boolean,
  ): Promise<void> {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? 'x') + (query ? `?${query}` : '');
    const h: Record<string, string> = { ...headers, authorization: badToken ? `Bearer ${token.slice(0, -4)}AAAA` : `Bearer ${token}` };
    if (body.text !== undefined) h['content-type'] = body.contentType ?? 'application/json';
    const before = await t.head();
    let res: { statusCode: number; body: string };
    try {
      res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: op.method, url, headers: h, ...(op.method === 'POST' && body.text !== undefined ? { payload: body.text } : {}) });
    } catch (e) {
      // light-my-request refuses to build some requests (a header it cannot send): no request was made.
      if (e instanceof TypeError || (e as { code?: string }).code?.startsWith('ERR_')) return;
      throw e;
    }
    sent++;
    const after = await t.head();
    const describe = () => `${op.method} ${url.slice(0, 300)} ${JSON.stringify(headers).slice(0, 200)} ${(body.text ?? '').slice(0, 300)}`;
    if (res.statusCode >= 500) {
      fiveHundreds++;
      failures.push({ request: describe(), status: res.statusCode, why: '5xx', answer: res.body.slice(0, 400) });
    }
    if (res.statusCode >= 400) {
      refused++;
      if (after !== before) {
        appendedByRefused += (after ?? -1) - (before ?? -1);
        failures.push({
          request: describe(),
          status: res.statusCode,
          why: `refused but appended (head ${before} → ${after})`,
          answer: res.body.slice(0, 400),
        });
      }
    }
  }

  async function fuzz(op: Operation, runs: number, seedValue: number): Promise<void> {
    const first = op.path.split('/')[1] ?? '';
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const segments = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, hostileSegment(ids.get(`${first}:${p.name}`) ?? [])])));
    const body = op.method === 'POST' ? hostileBody(op.body, components) : fc.constant({});
    const property = fc.asyncProperty(
      segments,
      hostileQuery(queryParams, components),
      body,
      hostileHeaders,
      fc.boolean(),
      fc.nat(9),
      async (s, q, b, h, withHeaders, tokenDice) => {
        await send(op, s, q, b, withHeaders ? h : {}, tokenDice === 0);
      },
    );
    await fc.assert(property, { numRuns: runs, seed: seedValue, endOnFailure: true });
  }

  it(
    'answers every operation of the OpenAPI document without a 5xx, and appends nothing for a refused request',
    async () => {
      expect(operations.length).toBeGreaterThan(50);
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      // Warm-up pass: JIT, caches and the read models' statements settle before memory is measured.
      for (const [i, op] of operations.entries()) await fuzz(op, 1, 1_000 + i);
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = process.memoryUsage().rss;
      for (const [i, op] of operations.entries()) await fuzz(op, RUNS_PER_OPERATION, 42 + i);
      gc();
      const heapAfter = process.memoryUsage().heapUsed;
      const rssAfter = process.memoryUsage().rss;

      const live = await t.request('GET', '/health/live');
      reportFigures('hostile input fuzzer', {
        operations: operations.length,
        'cases per operation': RUNS_PER_OPERATION,
        'requests sent': sent,
        'refused (4xx)': refused,
        '5xx seen': fiveHundreds,
        'events appended by refused requests': appendedByRefused,
        'heap after GC, MB (after warm-up → end)': `${mb(heapBefore)} → ${mb(heapAfter)}`,
        'RSS, MB (after warm-up → end)': `${mb(rssBefore)} → ${mb(rssAfter)}`,
        'unhandled rejections': unhandled.length,
      });
      if (failures.length > 0)
        process.stdout.write(
          `\nfirst failures:\n${failures
            .slice(0, 20)
            .map((f) => `  ${f.status} ${f.why}: ${f.request}\n    → ${f.answer}`)
            .join('\n')}\n`,
        );

      expect(failures.slice(0, 20)).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(live.status).toBe(200);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(mb(heapAfter - heapBefore)).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
    },
    30 * 60_000,
  );
});
