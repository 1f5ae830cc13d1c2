import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { DiskFileStore, FILE_STORE } from '#platform';
import { FileOrphanJob, PURGE_GRACE_MS } from '../apps/api/src/files/file-orphans.job.js';
import { sampleJpeg, sampleOfd, samplePdf } from '../libs/platform/src/files/sample-files.fixture.js';
import { readFile, uploadFile } from './support/files.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FUTURE = '2099-06-30T18:00:00+08:00';
const GROUP = 'files-group';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by field, as the e2e specs do
async function ok(res: { status: number; text: string; body: any }, what: string): Promise<any> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

describe('evidence files attached to progress, submissions and rectifications', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const files: Record<'pdf' | 'jpeg' | 'ofd', { id: string; bytes: Buffer; name: string }> = {} as never;
  let taskId: string;
  let inspectionId: string;
  let findingId: string;

  beforeAll(async () => {
    t = await startTestApp();
    tok.dept = await t.token('dept-a', ['department'], 'unit-a');
    tok.colleague = await t.token('dept-a2', ['department'], 'unit-a');
    tok.otherDept = await t.token('dept-b', ['department'], 'unit-b');
    tok.office = await t.token('office', ['reform_office']);
    tok.inspector = await t.token('inspector', ['inspector'], 'inspection-team');
    tok.member = await t.token('member', ['committee_member']);
    tok.leader = await t.token('leader', ['leader']);
    tok.admin = await t.token('admin', ['admin']);
    tok.evaluator = await t.token('evaluator', ['evaluator'], 'org-x');
    await registerSpecialGroups(t, [GROUP]);
    const task = await ok(
      await t.request('POST', '/tasks', {
        token: tok.office,
        body: {
          title: '推进一网通办',
          area: 'government_services',
          specialGroup: GROUP,
          leadUnit: 'unit-a',
          responsible: '张三',
          evaluationStandard: '全部事项网上可办',
          deadline: FUTURE,
        },
      }),
      'registering a task',
    );
    taskId = task.id;
    const inspection = await ok(
      await t.request('POST', '/inspections', { token: tok.inspector, body: { title: '督察', targetUnit: 'unit-a' } }),
      'opening an inspection',
    );
    inspectionId = inspection.id;
    const finding = await ok(
      await t.request('POST', `/inspections/${inspectionId}/findings`, {
        token: tok.inspector,
        body: { description: '窗口排队时间过长', severity: 'medium', responsibleUnit: 'unit-a', rectificationDue: FUTURE },
      }),
      'recording a finding',
    );
    findingId = finding.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads a PDF, a JPEG and an OFD, each typed by its bytes', async () => {
    const samples = {
      pdf: ['整改报告（盖章）.pdf', samplePdf('整改报告')],
      jpeg: ['现场照片.jpg', sampleJpeg('现场')],
      ofd: ['制度性文件.ofd', sampleOfd('制度')],
    } as const;
    for (const [kind, [name, bytes]] of Object.entries(samples) as Array<[keyof typeof files, readonly [string, Buffer]]>) {
      const up = await uploadFile(t, kind === 'jpeg' ? tok.inspector : tok.dept, name, bytes);
      expect(up.status).toBe(201);
      files[kind] = { id: up.body.id, bytes, name };
    }
    expect([files.pdf, files.jpeg, files.ofd].map((f) => f.id.slice(0, 7))).toEqual(['sha256:', 'sha256:', 'sha256:']);
  });

  it('records the files in the events and shows them on the task’s progress and submission', async () => {
    const progress = await t.request('POST', `/tasks/${taskId}/progress`, {
      token: tok.dept,
      body: { percent: 40, note: '已完成方案', attachments: [files.pdf.id] },
    });
    expect(progress.status).toBe(200);
    const pdfRecord = {
      id: files.pdf.id,
      name: files.pdf.name,
      size: files.pdf.bytes.length,
      mediaType: 'application/pdf',
      sha256: createHash('sha256').update(files.pdf.bytes).digest('hex'),
      sm3: createHash('sm3').update(files.pdf.bytes).digest('hex'),
    };
    expect(progress.body.progressReports).toEqual([
      { percent: 40, note: '已完成方案', by: 'dept-a', at: expect.any(String), attachments: [pdfRecord] },
    ]);
    const submit = await t.request('POST', `/tasks/${taskId}/submit`, {
      token: tok.dept,
      body: { evidence: '见附件', attachments: [files.ofd.id, files.pdf.id] },
    });
    expect(submit.status).toBe(200);
    expect(submit.body.submissions[0].attachments.map((a: { id: string; mediaType: string }) => [a.id, a.mediaType])).toEqual([
      [files.ofd.id, 'application/ofd'],
      [files.pdf.id, 'application/pdf'],
    ]);
    // The hash chain covers the file's content: the event itself carries both hashes.
    const trail = await t.request('GET', `/audit/streams/task-${taskId}`, { token: tok.admin });
    const reported = trail.body.events.find((e: { type: string }) => e.type === 'TaskProgressReported');
    expect(reported.data.attachments).toEqual([pdfRecord]);
  });

  it('shows the files on the finding’s rectification', async () => {
    const res = await t.request('POST', `/inspections/${inspectionId}/findings/${findingId}/rectifications`, {
      token: tok.inspector,
      body: { description: '增设自助终端', attachments: [files.jpeg.id] },
    });
    expect(res.status).toBe(200);
    expect(res.body.rectifications[0].attachments).toEqual([
      expect.objectContaining({ id: files.jpeg.id, name: '现场照片.jpg', mediaType: 'image/jpeg' }),
    ]);
    const meta = await t.request('GET', `/files/${files.jpeg.id}/meta`, { token: tok.dept });
    expect(meta.body.citedBy).toEqual([{ stream: `inspection-${inspectionId}`, revision: 2 }]);
  });

  it('takes files on an urging reply and an instruction response, citing them for the responsible unit', async () => {
    const urging = await ok(
      await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.office, body: { text: '请加快进度' } }),
      'issuing an urging',
    );
    const reply = await t.request('POST', `/urgings/${urging.id}/reply`, {
      token: tok.dept,
      body: { text: '已加快，见附件', attachments: [files.pdf.id] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.reply.attachments).toEqual([
      expect.objectContaining({ id: files.pdf.id, sha256: expect.any(String), sm3: expect.any(String) }),
    ]);
    const instruction = await ok(
      await t.request('POST', '/instructions', { token: tok.leader, body: { subject: { kind: 'task', id: taskId }, text: '请抓紧落实' } }),
      'giving an instruction',
    );
    const response = await t.request('POST', `/instructions/${instruction.id}/responses`, {
      token: tok.dept,
      body: { text: '已落实', attachments: [files.jpeg.id] },
    });
    expect(response.status).toBe(201);
    expect(response.body.responses[0].attachments).toEqual([expect.objectContaining({ id: files.jpeg.id, mediaType: 'image/jpeg' })]);
    const meta = await t.request('GET', `/files/${files.jpeg.id}/meta`, { token: tok.leader });
    expect(meta.body.citedBy.map((c: { stream: string }) => c.stream).sort()).toEqual(
      [`inspection-${inspectionId}`, `instruction-${instruction.id}`].sort(),
    );
  });

  it('names the files and their count in the 佐证材料 column of the ledger and rectification exports', async () => {
    const csv = async (url: string) => {
      const res = await readFile(t, tok.office, url);
      expect(res.status).toBe(200);
      return res.bytes
        .toString('utf8')
        .slice(1)
        .trimEnd()
        .split('\r\n')
        .map((line) => line.split(','));
    };
    const ledger = await csv('/tasks/export?format=csv&leadUnit=unit-a');
    const column = ledger[0]!.indexOf('佐证材料');
    expect(column).toBeGreaterThan(0);
    expect(ledger.find((row) => row[0] === taskId)![column]).toBe(`2 个：${files.pdf.name}；${files.ofd.name}`);
    const rectifications = await csv('/rectifications/export?format=csv');
    const at = rectifications[0]!.indexOf('佐证材料');
    expect(rectifications.find((row) => row[1] === findingId)![at]).toBe(`1 个：${files.jpeg.name}`);
  });

  it('lets every permitted role read each file back byte-identical, and answers 404 to the others', async () => {
    const permitted = ['dept', 'colleague', 'office', 'inspector', 'member', 'leader', 'admin'];
    for (const who of permitted) {
      for (const file of Object.values(files)) {
        const res = await readFile(t, tok[who]!, `/files/${file.id}`);
        expect([who, res.status]).toEqual([who, 200]);
        expect(Buffer.compare(res.bytes, file.bytes)).toBe(0);
      }
    }
    for (const who of ['otherDept', 'evaluator']) {
      for (const file of Object.values(files)) {
        expect([who, (await readFile(t, tok[who]!, `/files/${file.id}`)).status]).toEqual([who, 404]);
        expect([who, (await t.request('GET', `/files/${file.id}/meta`, { token: tok[who]! })).status]).toEqual([who, 404]);
      }
    }
  });

  it('refuses an unknown or unreadable attachment with 400 naming attachments[i], appending nothing', async () => {
    const head = await t.head();
    const unknown = await t.request('POST', `/tasks/${taskId}/milestones/none/complete`, { token: tok.dept, body: {} });
    expect(unknown.status).toBe(404);
    const foreign = await uploadFile(t, tok.otherDept, 'b.pdf', samplePdf('unit b only'));
    const task2 = await ok(
      await t.request('POST', '/tasks', {
        token: tok.office,
        body: {
          title: '第二项任务',
          area: 'government_services',
          specialGroup: GROUP,
          leadUnit: 'unit-a',
          responsible: '李四',
          evaluationStandard: '标准',
          deadline: FUTURE,
        },
      }),
      'registering a second task',
    );
    const headAfterTask = await t.head();
    expect(headAfterTask).not.toBe(head);
    for (const [attachments, at] of [
      [[files.pdf.id, `sha256:${'0'.repeat(64)}`], 'attachments[1]'],
      [[foreign.body.id], 'attachments[0]'],
      [['not-a-file'], 'attachments[0]'],
    ] as const) {
      const res = await t.request('POST', `/tasks/${task2.id}/progress`, {
        token: tok.dept,
        body: { percent: 10, note: '进展', attachments },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('FILE.UNKNOWN_ATTACHMENT');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: at })]);
    }
    const tooMany = Array.from({ length: 21 }, (_, i) => `sha256:${String(i).padStart(64, '0')}`);
    const many = await t.request('POST', `/tasks/${task2.id}/progress`, {
      token: tok.dept,
      body: { percent: 10, note: '进展', attachments: tooMany },
    });
    expect(many.status).toBe(400);
    expect(many.body.code).toBe('FILE.TOO_MANY_ATTACHMENTS');
    expect(await t.head()).toBe(headAfterTask);
  });

  it('verifies the files a stream cites, and names a corrupted one with its event’s revision', async () => {
    const clean = await t.request('GET', `/audit/streams/task-${taskId}/verify`, { token: tok.admin });
    expect(clean.body).toMatchObject({ valid: true, files: { checked: 3, missing: [], corrupt: [] } });
    const store = t.app.get<DiskFileStore>(FILE_STORE);
    writeFileSync(store.pathOf(files.ofd.id), Buffer.concat([files.ofd.bytes, Buffer.from('tampered')]));
    const corrupt = await t.request('GET', `/audit/streams/task-${taskId}/verify`, { token: tok.admin });
    const submitted = (await t.request('GET', `/audit/streams/task-${taskId}`, { token: tok.admin })).body.events.find(
      (e: { type: string }) => e.type === 'TaskCompletionSubmitted',
    );
    expect(corrupt.body.valid).toBe(true);
    expect(corrupt.body.files).toEqual({
      checked: 3,
      missing: [],
      corrupt: [{ fileId: files.ofd.id, stream: `task-${taskId}`, revision: submitted.revision }],
    });
    writeFileSync(store.pathOf(files.ofd.id), files.ofd.bytes);
  });

  it('adds a manifest line per cited file to the audit export with withFiles=manifest', async () => {
    const res = await t.request('GET', `/audit/export?stream=task-${taskId}&withFiles=manifest`, { token: tok.admin });
    expect(res.status).toBe(200);
    const lines = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const manifest = lines.filter((l) => l.kind === 'file');
    expect(manifest.map((m) => m.id).sort()).toEqual([files.pdf.id, files.ofd.id].sort());
    expect(manifest.find((m) => m.id === files.pdf.id).citedBy).toHaveLength(2);
    const plain = await t.request('GET', `/audit/export?stream=task-${taskId}`, { token: tok.admin });
    expect(plain.text.split('\n').filter((l) => l.includes('"kind":"file"'))).toEqual([]);
  });

  it('removes an uncited file after FILE_ORPHAN_TTL and never a cited one', async () => {
    const orphan = await uploadFile(t, tok.dept, 'draft.pdf', samplePdf('never cited'));
    const store = t.app.get<DiskFileStore>(FILE_STORE);
    const job = t.app.get(FileOrphanJob);
    const ttl = t.config.fileOrphanTtlMs;
    // Not yet old enough: nothing happens.
    expect((await job.sweep(Date.now() + ttl - 60_000)).removed).not.toContain(orphan.body.id);
    const later = Date.now() + ttl + 60_000;
    const first = await job.sweep(later);
    expect(first.removed).toContain(orphan.body.id);
    // Cited files are neither removed nor purged, whatever their age.
    const cited = Object.values(files).map((f) => f.id);
    expect(first.removed.filter((id) => cited.includes(id))).toEqual([]);
    expect(first.purged.filter((id) => cited.includes(id))).toEqual([]);
    expect((await readFile(t, tok.dept, `/files/${orphan.body.id}`)).status).toBe(404);
    const second = await job.sweep(later + PURGE_GRACE_MS + 60_000);
    expect(second.purged).toContain(orphan.body.id);
    expect(second.purged.filter((id) => cited.includes(id))).toEqual([]);
    expect(existsSync(store.pathOf(orphan.body.id))).toBe(false);
    for (const file of Object.values(files)) {
      expect(existsSync(store.pathOf(file.id))).toBe(true);
      expect((await readFile(t, tok.office, `/files/${file.id}`)).status).toBe(200);
    }
  });
  it('names in citedBy only the records the reader may read (API.md "Who may read what")', async () => {
    // The PDF is also cited by another unit's finding and by an evaluation of another subject.
    const inspection = await ok(
      await t.request('POST', '/inspections', { token: tok.inspector, body: { title: '督察乙', targetUnit: 'unit-b' } }),
      'opening',
    );
    const finding = await ok(
      await t.request('POST', `/inspections/${inspection.id}/findings`, {
        token: tok.inspector,
        body: { description: '台账不全', severity: 'low', responsibleUnit: 'unit-b', rectificationDue: FUTURE },
      }),
      'recording a finding of unit-b',
    );
    const rectified = await t.request('POST', `/inspections/${inspection.id}/findings/${finding.id}/rectifications`, {
      token: tok.inspector,
      body: { description: '已补齐', attachments: [files.pdf.id] },
    });
    expect(rectified.status).toBe(200);
    const evaluation = await ok(
      await t.request('POST', '/evaluations', {
        token: tok.office,
        body: { subject: { kind: 'unit', id: 'unit-c' }, year: 2026, evaluatorUnit: 'org-x', due: FUTURE },
      }),
      'commissioning an evaluation of unit-c',
    );
    // The evaluator may attach the bytes it uploads itself (the same bytes: the same file).
    expect((await uploadFile(t, tok.evaluator, '评估报告.pdf', files.pdf.bytes)).body.id).toBe(files.pdf.id);
    const reported = await t.request('POST', `/evaluations/${evaluation.id}/report`, {
      token: tok.evaluator,
      body: { rating: 'good', score: 80, summary: '总体良好', reportRef: '评估〔2026〕1号', attachments: [files.pdf.id] },
    });
    expect(reported.status).toBe(200);

    const streams = async (who: string) => {
      const meta = await t.request('GET', `/files/${files.pdf.id}/meta`, { token: tok[who]! });
      expect([who, meta.status]).toEqual([who, 200]);
      return [...new Set((meta.body.citedBy as Array<{ stream: string }>).map((c) => c.stream))].sort();
    };
    const every = await streams('office');
    const urging = every.find((s) => s.startsWith('urging-'))!;
    const [taskStream, otherInspection, evaluationStream] = [
      `task-${taskId}`,
      `inspection-${inspection.id}`,
      `evaluation-${evaluation.id}`,
    ];
    expect(every).toEqual([evaluationStream, otherInspection, taskStream, urging].sort());
    for (const who of ['inspector', 'member', 'leader', 'admin']) expect([who, await streams(who)]).toEqual([who, every]);
    // unit-a: its task and urging, not unit-b's inspection; unit-b: its finding, the ledger, not unit-a's urging.
    expect(await streams('dept')).toEqual([evaluationStream, taskStream, urging].sort());
    expect(await streams('otherDept')).toEqual([evaluationStream, otherInspection, taskStream].sort());
    // The evaluator reads only what its organisation was commissioned for: not unit-a's task.
    expect(await streams('evaluator')).toEqual([evaluationStream]);
  });
});
