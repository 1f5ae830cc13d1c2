import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { largePdf, sampleExe, sampleJpeg, sampleOfd, samplePdf } from '../libs/platform/src/files/sample-files.fixture.js';
import { readFile, uploadFile } from './support/files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every file under a directory, recursively (what the disk store keeps, pending or not). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('evidence files: upload and read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a PDF under sha256:<hex> with both hashes, and its uploader reads it back byte-identical', async () => {
    const token = await t.token('dept-a', ['department'], 'unit-a');
    const pdf = samplePdf('upload');
    const up = await uploadFile(t, token, '整改报告（盖章版）.pdf', pdf);
    expect(up.status).toBe(201);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(up.body).toEqual({
      id: `sha256:${sha256}`,
      name: '整改报告（盖章版）.pdf',
      size: pdf.length,
      mediaType: 'application/pdf',
      sha256,
      sm3: createHash('sm3').update(pdf).digest('hex'),
      uploadedBy: 'dept-a',
      uploadedAt: expect.any(String),
    });
    const read = await readFile(t, token, `/files/${up.body.id}`);
    expect(read.status).toBe(200);
    expect(Buffer.compare(read.bytes, pdf)).toBe(0);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.headers['etag']).toBe(`"${sha256}"`);
    expect(read.headers['content-disposition']).toBe(
      `attachment; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告（盖章版）.pdf')}`,
    );
    const meta = await t.request('GET', `/files/${up.body.id}/meta`, { token });
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual({ ...up.body, citedBy: [] });
  });

  it('answers ranges, 416 past the end, and 304 for the current ETag', async () => {
    const token = await t.token('dept-a', ['department'], 'unit-a');
    const ofd = sampleOfd('ranges');
    const up = await uploadFile(t, token, '制度文件.ofd', ofd);
    expect(up.status).toBe(201);
    expect(up.body.mediaType).toBe('application/ofd');
    const part = await readFile(t, token, `/files/${up.body.id}`, { range: 'bytes=4-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 4-19/${ofd.length}`);
    expect(Buffer.compare(part.bytes, ofd.subarray(4, 20))).toBe(0);
    const tail = await readFile(t, token, `/files/${up.body.id}`, { range: 'bytes=-10' });
    expect(Buffer.compare(tail.bytes, ofd.subarray(ofd.length - 10))).toBe(0);
    const past = await readFile(t, token, `/files/${up.body.id}`, { range: `bytes=${ofd.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${ofd.length}`);
    expect(JSON.parse(past.bytes.toString('utf8'))).toMatchObject({ status: 416, code: 'FILE.RANGE_NOT_SATISFIABLE' });
    expect((await readFile(t, token, `/files/${up.body.id}`, { 'if-none-match': `"${up.body.sha256}"` })).status).toBe(304);
  });

  it('stores the same bytes twice once, under one id, each uploader recorded', async () => {
    const jpeg = sampleJpeg('twice');
    const first = await uploadFile(t, await t.token('dept-b', ['department'], 'unit-b'), 'site.jpg', jpeg);
    const second = await uploadFile(t, await t.token('inspector-1', ['inspector']), '现场照片.jpg', jpeg);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    // The first upload's name is the file's name.
    expect(second.body.name).toBe('site.jpg');
    const hex = first.body.sha256 as string;
    expect(filesUnder(path.join(t.dataDir, 'files')).filter((f) => f.includes(hex))).toHaveLength(1);
  });

  it('refuses an executable named .pdf with 415 and keeps nothing', async () => {
    const before = filesUnder(path.join(t.dataDir, 'files')).length;
    const head = await t.head();
    const res = await uploadFile(t, await t.token('dept-a', ['department'], 'unit-a'), 'report.pdf', sampleExe());
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('FILE.UNSUPPORTED_TYPE');
    expect(filesUnder(path.join(t.dataDir, 'files'))).toHaveLength(before);
    expect(await t.head()).toBe(head);
  });

  it('refuses an upload without a file part, naming the field', async () => {
    const res = await t.request('POST', '/files', { token: await t.token('dept-a', ['department'], 'unit-a'), body: { file: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FILE.MISSING');
  });

  it('answers 404 for an unknown or malformed id, and the same 404 to a department of another unit (who may not read it)', async () => {
    const owner = await t.token('dept-c', ['department'], 'unit-c');
    const up = await uploadFile(t, owner, 'c.pdf', samplePdf('private'));
    const stranger = await t.token('dept-d', ['department'], 'unit-d');
    expect((await readFile(t, stranger, `/files/${up.body.id}`)).status).toBe(404);
    expect((await t.request('GET', `/files/${up.body.id}/meta`, { token: stranger })).status).toBe(404);
    // Uncited: the office reads only cited files (and its own uploads).
    expect((await readFile(t, await t.token('office', ['reform_office']), `/files/${up.body.id}`)).status).toBe(404);
    // A colleague of the uploader's unit reads it.
    expect((await readFile(t, await t.token('dept-c2', ['department'], 'unit-c'), `/files/${up.body.id}`)).status).toBe(200);
    expect((await readFile(t, owner, `/files/sha256:${'0'.repeat(64)}`)).status).toBe(404);
    expect((await readFile(t, owner, '/files/not-an-id')).status).toBe(404);
  });
});

describe('evidence files: the size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a 60 MB upload with 413 under the default 50 MB limit, keeping nothing on disk and appending nothing', async () => {
    const head = await t.head();
    const res = await uploadFile(t, await t.token('dept-a', ['department'], 'unit-a'), 'scan.pdf', largePdf(60 * 1024 * 1024, 1));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE.TOO_LARGE');
    expect(filesUnder(path.join(t.dataDir, 'files'))).toEqual([]);
    expect(await t.head()).toBe(head);
  });
});
