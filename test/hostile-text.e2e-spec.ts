import { ROLES } from '#domain';
import { reportFigures } from './support/hostile-figures.js';
import type { Schema } from './support/hostile-input.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Text fields refuse NUL and every other control character (free text may hold tab and line
// breaks, nothing else may) and unpaired surrogates, with a 400 problem naming the field and
// nothing appended: every string field of every body and query string of the OpenAPI document.

const HOSTILE_TEXTS = {
  nul: 'a\u0000b',
  escape: 'a\u001b[2Jb',
  c1: 'a\u0085b',
  surrogate: 'a\ud800b',
  'low surrogate': '\udc00',
  del: 'a\u007fb',
} as const;

interface Operation {
  method: 'GET' | 'POST';
  path: string;
  query: Array<{ name: string; schema?: Schema }>;
  body?: Schema;
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Array<{ name: string; in: string; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
};

/** Every string field a body of `schema` has, as `[path, body with that field set to value]` (arrays hold one element). */
function stringFields(
  schema: Schema | undefined,
  components: Doc['components']['schemas'],
  value: string,
  depth = 0,
): Array<[string, unknown]> {
  if (!schema || depth > 5) return [];
  if (schema.$ref) return stringFields(components[schema.$ref.replace('#/components/schemas/', '')], components, value, depth + 1);
  if (schema.type === 'string' || (schema.enum && schema.type !== 'array')) return [['', value]];
  if (schema.type === 'array') return stringFields(schema.items, components, value, depth + 1).map(([p, v]) => [`[0]${join(p)}`, [v]]);
  return Object.entries(schema.properties ?? {}).flatMap(([name, s]) =>
    stringFields(s, components, value, depth + 1).map(([p, v]): [string, unknown] => [`${name}${join(p)}`, { [name]: v }]),
  );
}

/** The rest of a path after a property or an element: `[0]...` as is, a property after a dot. */
const join = (rest: string) => (rest === '' || rest.startsWith('[') ? rest : `.${rest}`);

describe('control characters and broken Unicode in text', () => {
  let t: TestApp;
  let token: string;
  let operations: Operation[];
  let components: Doc['components']['schemas'];
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('text-user', [...ROLES], 'text-unit');
    const doc = (await t.request('GET', '/docs-json')).body as Doc;
    components = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase() as 'GET' | 'POST',
        path: path.replace(/\{\w+\}/g, 'text-none'),
        query: (op.parameters ?? []).filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
    );
  });
  afterAll(async () => {
    reportFigures('text fields', { 'requests sent': sent });
    await t?.close();
  });

  it.each(Object.entries(HOSTILE_TEXTS))(
    'refuses %s in every string field of every body, naming the field, appending nothing',
    async (_, text) => {
      const missed: string[] = [];
      let fields = 0;
      const before = await t.head();
      for (const op of operations.filter((o) => o.body)) {
        for (const [path, body] of stringFields(op.body, components, text)) {
          fields++;
          const res = await t.request(op.method, op.path, { token, body });
          sent++;
          const named =
            res.status === 400 &&
            (res.body?.errors ?? []).some(
              (e: { path: string }) => e.path === path || e.path.startsWith(`${path}[`) || e.path.startsWith(`${path}.`),
            );
          if (!named) missed.push(`${op.method} ${op.path} ${path}: ${res.status} ${JSON.stringify(res.body?.errors ?? res.body)}`);
        }
      }
      expect(fields).toBeGreaterThan(100);
      expect(missed).toEqual([]);
      expect(await t.head()).toBe(before);
    },
  );

  // A URL carries UTF-8 bytes, which cannot encode an unpaired surrogate (invalid bytes decode
  // to U+FFFD): only the control characters apply to query strings.
  it.each(Object.entries(HOSTILE_TEXTS).filter(([, text]) => !/[\ud800-\udfff]/.test(text)))(
    'refuses %s in every text parameter of every query string, naming it',
    async (_, text) => {
      const missed: string[] = [];
      let parameters = 0;
      for (const op of operations.filter((o) => o.method === 'GET')) {
        for (const q of op.query.filter((p) => p.schema?.type === 'string' || p.schema?.enum)) {
          parameters++;
          const res = await t.request('GET', `${op.path}?${q.name}=${encodeURIComponent(text)}`, { token });
          sent++;
          if (res.status !== 400 || !(res.body?.errors ?? []).some((e: { path: string }) => e.path === q.name))
            missed.push(`${op.path}?${q.name}: ${res.status} ${JSON.stringify(res.body?.errors ?? res.body)}`);
        }
      }
      expect(parameters).toBeGreaterThan(30);
      expect(missed).toEqual([]);
    },
  );

  it('stores free text with tabs and line breaks, and refuses them in one-line fields, in both languages', async () => {
    await registerSpecialGroups(t, ['text-group']);
    const office = await t.token('text-office', ['reform_office']);
    const task = {
      title: '推进一网通办',
      area: 'government_services',
      specialGroup: 'text-group',
      leadUnit: 'text-unit',
      responsible: '张三',
      evaluationStandard: '一、全部事项网上可办；\n二、\t群众满意度 90% 以上。\r\n',
      deadline: '2099-06-30T18:00:00+08:00',
    };
    const created = await t.request('POST', '/tasks', { token: office, body: task });
    expect(created.status).toBe(201);
    expect(created.body.evaluationStandard).toBe(task.evaluationStandard);

    const before = await t.head();
    for (const [language, word] of [
      ['zh-CN', '单行'],
      ['en', 'one line'],
    ] as const) {
      const res = await t.request('POST', '/tasks', {
        token: office,
        body: { ...task, title: '推进\n一网通办', responsible: '张\t三' },
        headers: { 'accept-language': language },
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['responsible', 'title']);
      for (const e of res.body.errors) expect(e.message).toContain(word);
    }
    expect(await t.head()).toBe(before);
  });

  it('refuses the note "\\u0000\\ud800" of a progress report (the defect the issue reports), in both languages', async () => {
    await registerSpecialGroups(t, ['text-group']);
    const office = await t.token('text-office', ['reform_office']);
    const created = await t.request('POST', '/tasks', {
      token: office,
      body: {
        title: '任务',
        area: 'livelihood',
        specialGroup: 'text-group',
        leadUnit: 'text-unit',
        responsible: '李四',
        evaluationStandard: '标准',
        deadline: '2099-06-30T18:00:00+08:00',
      },
    });
    expect([created.status, created.body.errors]).toEqual([201, undefined]);
    const before = await t.head();
    const zh = await t.request('POST', `/tasks/${created.body.id}/progress`, {
      token: office,
      body: '{"percent":10,"note":"\\u0000\\ud800"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([{ path: 'note', message: expect.stringContaining('控制字符') }]);
    const en = await t.request('POST', `/tasks/${created.body.id}/progress`, {
      token: office,
      body: { percent: 10, note: 'ok\ud800' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.errors).toEqual([{ path: 'note', message: 'note is not valid Unicode text (it holds an unpaired surrogate)' }]);
    expect(await t.head()).toBe(before);
    // A well-formed pair (an emoji) is text like any other.
    expect(
      (await t.request('POST', `/tasks/${created.body.id}/progress`, { token: office, body: { percent: 10, note: '完成 😀' } })).status,
    ).toBe(200);
  });
});
