import { startTestApp, type TestApp } from './support/test-app.js';
describe('request bodies', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });
  it('treats an empty JSON body as none, refuses malformed JSON and prototype poisoning with 400', async () => {
    const office = await t.token('o', ['reform_office']);
    const r = await t.request('POST', '/tasks/x1/accept', { token: office, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(404);
    const bad = await t.request('POST', '/tasks/x1/accept', { token: office, body: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    const proto = await t.request('POST', '/tasks/x1/accept', { token: office, body: '{"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
  });
});
