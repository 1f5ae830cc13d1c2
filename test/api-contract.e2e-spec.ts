import { createApiClient } from '#api-client';
import { API_CLIENT_DIR, driftedFiles, renderApiClient, servedDocument } from '../scripts/api-client/contract.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The contract is generated from the code: the answer schemas from the answer types, the document
// from the booted app, libs/api-client from the document. A change to a route or a DTO that was not
// followed by `npm run api-client` fails here. What reads only the repository (the answer schemas
// against the answer types, the Redocly CLI's lint of the checked-in document) is in
// api-contract-sources.int-spec.ts.

type Operation = {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

describe('the API contract', () => {
  let document: Record<string, unknown>;
  beforeAll(async () => {
    document = await servedDocument();
  });

  it(`${API_CLIENT_DIR} holds a fresh generation from the served document`, async () => {
    const files = await renderApiClient(document);
    expect(Object.keys(files).length).toBeGreaterThan(0);
    const drifted = driftedFiles(files);
    if (drifted.length > 0) throw new Error(`out of date: ${drifted.join(', ')}; run \`npm run api-client\` and commit the result`);
  });

  it('every operation has a Chinese summary, a tag, a success answer with a schema, and its problems as the shared Problem', () => {
    const ops = Object.entries(document['paths'] as Record<string, Record<string, Operation>>).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ key: `${m} ${p}`, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(90);
    const faults: string[] = [];
    for (const { key, op } of ops) {
      if (!/\p{Script=Han}/u.test(op.summary ?? '')) faults.push(`${key}: summary not Chinese`);
      if ((op.tags ?? []).length !== 1) faults.push(`${key}: ${op.tags?.length ?? 0} tags`);
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      if (success.length === 0) faults.push(`${key}: no success answer`);
      for (const s of success)
        if (!Object.values(op.responses[s]!.content ?? {}).every((c) => c.schema)) faults.push(`${key} ${s}: no schema`);
      for (const s of statuses.filter((x) => /^[45]/.test(x) && !(key === 'get /health/ready' && x === '503')))
        if (op.responses[s]!.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem')
          faults.push(`${key} ${s}: not a Problem`);
    }
    expect(faults).toEqual([]);
  });

  describe('against the booted app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t?.close();
    });

    /** `fetch` answered by Fastify's inject: the client's requests reach the real app without a port. */
    const injectFetch: typeof fetch = async (input) => {
      const request = input as Request;
      const body = request.body ? await request.text() : undefined;
      const res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: request.method as 'GET',
          url: new URL(request.url).pathname + new URL(request.url).search,
          headers: Object.fromEntries(request.headers.entries()),
          ...(body !== undefined ? { payload: body } : {}),
        });
      return new Response(res.statusCode === 204 ? null : res.body, {
        status: res.statusCode,
        headers: res.headers as Record<string, string>,
      });
    };

    it('sends the token and the language, and answers typed data or the problem', async () => {
      const token = await t.token('office-1', ['reform_office']);
      const client = createApiClient({ baseUrl: 'http://api.invalid', token: () => token, language: 'en', fetch: injectFetch });
      const missing = await client.GET('/tasks/{id}', { params: { path: { id: 'no-such-task' } } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toMatchObject({ status: 404, code: 'TASK.NOT_FOUND' });

      const anonymous = createApiClient({ baseUrl: 'http://api.invalid', fetch: injectFetch });
      const refused = await anonymous.GET('/tasks/{id}', { params: { path: { id: 'no-such-task' } } });
      expect(refused.response.status).toBe(401);
    });
  });
});
