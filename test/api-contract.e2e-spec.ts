import { createApiClient } from '#api-client';
import { API_CLIENT_DIR, driftedFiles, renderApiClient, servedDocument } from '../scripts/api-client/contract.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// libs/api-client is generated from the document the booted app serves: a change to a route,
// a DTO or a response type that was not followed by `npm run api-client` fails here.

describe('generated API client', () => {
  it(`is what ${API_CLIENT_DIR} holds: the checked-in files equal a fresh generation from the served document`, async () => {
    const files = await renderApiClient(await servedDocument());
    expect(Object.keys(files).length).toBeGreaterThan(0);
    const drifted = driftedFiles(files);
    if (drifted.length > 0) throw new Error(`out of date: ${drifted.join(', ')}; run \`npm run api-client\` and commit the result`);
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
      const res = await t.app.getHttpAdapter().getInstance().inject({
        method: request.method as 'GET',
        url: new URL(request.url).pathname + new URL(request.url).search,
        headers: Object.fromEntries(request.headers.entries()),
        ...(body !== undefined ? { payload: body } : {}),
      });
      return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers: res.headers as Record<string, string> });
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
