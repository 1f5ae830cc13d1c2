import { MAX_JSON_DEPTH } from '../apps/api/src/bootstrap.js';
import { startTestApp, type TestApp } from './support/test-app.js';
describe('request bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  it('treats an empty JSON body as none, refuses malformed JSON and prototype poisoning with 400', async () => {
    const office = await t.token('o', ['reform_office']);
    const r = await t.request('POST', '/tasks/x1/accept', { token: office, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(404);
    const bad = await t.request('POST', '/tasks/x1/accept', {
      token: office,
      body: '{"a":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const proto = await t.request('POST', '/tasks/x1/accept', {
      token: office,
      body: '{"__proto__":{"x":1}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(proto.status).toBe(400);
  });
  it('refuses a body nested deeper than MAX_JSON_DEPTH with 400 problem+json, appending nothing', async () => {
    const office = await t.token('o', ['reform_office']);
    const before = await t.head();
    const deep = `{"reason":${'['.repeat(MAX_JSON_DEPTH)}"x"${']'.repeat(MAX_JSON_DEPTH)}}`;
    const res = await t.request('POST', '/tasks/x1/cancel', { token: office, body: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('REQUEST.TOO_DEEP');
    // One level less is an ordinary validation refusal (reason must be text).
    const shallow = `{"reason":${'['.repeat(MAX_JSON_DEPTH - 1)}"x"${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(
      (await t.request('POST', '/tasks/x1/cancel', { token: office, body: shallow, headers: { 'content-type': 'application/json' } })).body
        .code,
    ).toBe('REQUEST.INVALID');
    expect(await t.head()).toBe(before);
  });
});
