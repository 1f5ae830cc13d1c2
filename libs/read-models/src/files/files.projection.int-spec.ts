import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { fileDecider, fileStream, type Attachment, type DomainActor, type FileCommand } from '#domain';
import { executeCommand, loadStream } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { filesProjection } from './files.projection.js';
import { fileCatalogueStatus, fileCitationCount, fileCitations, getFileRecord, orphanFiles } from './files.queries.js';

// The files read model on real SQLite: file events through the real command path (the file
// decider), citing events appended to the real store as the other aggregates record them,
// applied by a real ProjectionRunner.

const harness = useProjectionHarness('files-rm-');
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

const attachment = (n: number, name = `证明材料${n}.pdf`): Attachment => {
  const sha256 = n.toString(16).padStart(64, '0');
  return { id: `sha256:${sha256}`, name, size: 1000 + n, mediaType: 'application/pdf', sha256, sm3: sha256.replace(/0/g, 'f') };
};
const A = attachment(1);
const B = attachment(2);
const C = attachment(3);
const dept = (id: string, unit: string): DomainActor => ({ id, roles: ['department'], unit });
const inspector: DomainActor = { id: 'insp-1', roles: ['inspector'] };

async function fileCommand(command: Omit<FileCommand, 'metadata'>, actor: DomainActor, atMs: number): Promise<void> {
  const now = iso(atMs);
  const id = 'file' in command.data ? command.data.file.id : command.data.fileId;
  await executeCommand(harness.store, fileStream(id), fileDecider, { ...command, metadata: { actor, now } } as FileCommand, {
    context: commandContext(actor, now),
  });
}

const upload = (file: Attachment, actor: DomainActor, atMs: number) => fileCommand({ type: 'UploadFile', data: { file } }, actor, atMs);

/** Appends one event of another aggregate as its decider records it (only `data` matters here). */
async function cite(stream: string, type: string, data: Record<string, unknown>): Promise<void> {
  await harness.store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata: {} }]);
}

const start = () => harness.runner(filesProjection, 'files.sqlite');

function dump(db: Database.Database): unknown {
  return {
    files: db.prepare('SELECT * FROM files ORDER BY id').all(),
    uploaders: db.prepare('SELECT * FROM file_uploaders ORDER BY file_id, user_id').all(),
    citations: db.prepare('SELECT * FROM file_citations ORDER BY file_id, stream, revision').all(),
  };
}

describe('files projection', () => {
  it('keeps each file once with every uploader, the first name and the first upload as uploadedBy', async () => {
    await upload(A, dept('dept-a', 'unit-a'), T0);
    await upload({ ...A, name: '另一个名字.pdf' }, inspector, T0 + HOUR);
    // The same uploader again: the decider records nothing new.
    await upload(A, dept('dept-a', 'unit-a'), T0 + 2 * HOUR);
    const r = await start();
    const record = getFileRecord(r.db, A.id)!;
    expect(record.file).toEqual(A);
    expect(record.uploadedBy).toBe('dept-a');
    expect(record.uploadedAt).toBe(iso(T0));
    expect(record.uploaders).toEqual([
      { id: 'dept-a', unit: 'unit-a', at: iso(T0) },
      { id: 'insp-1', at: iso(T0 + HOUR) },
    ]);
    expect(record.revision).toBe((await loadStream(harness.store, fileStream(A.id), fileDecider)).revision);
    expect(getFileRecord(r.db, B.id)).toBeNull();
    expect(fileCatalogueStatus(r.db, B.id)).toEqual({ state: 'unknown' });
  });

  it('records every citing event with the unit its data names, and ignores events without attachments', async () => {
    await upload(A, dept('dept-a', 'unit-a'), T0);
    await cite('task-t1', 'TaskProgressReported', { taskId: 't1', percent: 10, note: 'n', attachments: [A] });
    await cite('task-t1', 'TaskProgressReported', { taskId: 't1', percent: 20, note: 'n' });
    await cite('inspection-i1', 'RectificationRecorded', {
      inspectionId: 'i1',
      findingId: 'f1',
      responsibleUnit: 'unit-b',
      attachments: [A, B],
    });
    await cite('evaluation-e1', 'EvaluationReported', { evaluationId: 'e1', evaluatorUnit: 'org-x', attachments: [A] });
    await cite('urging-u1', 'UrgingReplied', { urgingId: 'u1', taskId: 't1', leadUnit: 'unit-a', attachments: [A] });
    await cite('instruction-n1', 'InstructionResponded', {
      instructionId: 'n1',
      subject: { kind: 'task', id: 't1', unit: 'unit-c' },
      attachments: [A],
    });
    // A category the catalogue does not follow is not a citation, whatever its data says.
    await cite('matter-m1', 'MatterSubmitted', { matterId: 'm1', attachments: [A] });
    const r = await start();
    expect(fileCitations(r.db, A.id)).toEqual([
      { stream: 'evaluation-e1', revision: 0, eventType: 'EvaluationReported', unit: null, evaluatorUnit: 'org-x' },
      { stream: 'inspection-i1', revision: 0, eventType: 'RectificationRecorded', unit: 'unit-b', evaluatorUnit: null },
      { stream: 'instruction-n1', revision: 0, eventType: 'InstructionResponded', unit: 'unit-c', evaluatorUnit: null },
      { stream: 'task-t1', revision: 0, eventType: 'TaskProgressReported', unit: null, evaluatorUnit: null },
      { stream: 'urging-u1', revision: 0, eventType: 'UrgingReplied', unit: 'unit-a', evaluatorUnit: null },
    ]);
    expect(getFileRecord(r.db, A.id)!.citedBy).toEqual(fileCitations(r.db, A.id));
    expect(fileCitationCount(r.db, A.id)).toBe(5);
    // Cited before (or without) its upload event: the citation is kept, the file is not invented.
    expect(fileCitationCount(r.db, B.id)).toBe(1);
    expect(getFileRecord(r.db, B.id)).toBeNull();
    await r.close();
    await harness.expectReplayChangesNothing(filesProjection, 'files.sqlite', dump);
  });

  it('offers the orphan job only kept, uncited files uploaded before the cut-off, oldest first', async () => {
    await upload(A, dept('dept-a', 'unit-a'), T0 + 2 * HOUR);
    await upload(B, dept('dept-a', 'unit-a'), T0);
    await upload(C, dept('dept-b', 'unit-b'), T0 + HOUR);
    await cite('task-t1', 'TaskCompletionSubmitted', { taskId: 't1', evidence: 'e', attachments: [C] });
    // Uploaded again later by someone else: its last upload is what counts.
    await upload(B, inspector, T0 + 5 * HOUR);
    const r = await start();
    expect(orphanFiles(r.db, iso(T0 + 3 * HOUR), 10)).toEqual([A.id]);
    expect(orphanFiles(r.db, iso(T0 + 6 * HOUR), 10)).toEqual([A.id, B.id]);
    expect(orphanFiles(r.db, iso(T0 + 6 * HOUR), 1)).toEqual([A.id]);
  });

  it('forgets a removed file and its uploaders; an upload after starts a new life; a late citation revives it', async () => {
    await upload(A, dept('dept-a', 'unit-a'), T0);
    await fileCommand(
      { type: 'RemoveOrphanFile', data: { fileId: A.id, citations: 0, uploadedBefore: iso(T0 + HOUR) } },
      inspector,
      T0 + 2 * HOUR,
    );
    const r = await start();
    expect(getFileRecord(r.db, A.id)).toBeNull();
    expect(fileCatalogueStatus(r.db, A.id)).toEqual({ state: 'removed', removedAt: iso(T0 + 2 * HOUR) });
    expect(orphanFiles(r.db, iso(T0 + 10 * HOUR), 10)).toEqual([]);
    expect(r.db.prepare('SELECT count(*) AS n FROM file_uploaders WHERE file_id = ?').get(A.id)).toEqual({ n: 0 });

    await upload({ ...A, name: '新名字.pdf' }, dept('dept-b', 'unit-b'), T0 + 3 * HOUR);
    await r.waitFor((await harness.store.headPosition())!, 10_000);
    const again = getFileRecord(r.db, A.id)!;
    expect([again.uploadedBy, again.uploadedAt, again.uploaders.map((u) => u.id), again.file.name]).toEqual([
      'dept-b',
      iso(T0 + 3 * HOUR),
      ['dept-b'],
      '新名字.pdf',
    ]);

    // The orphan job removed B's record while a command was citing it: the citation wins.
    await upload(B, dept('dept-a', 'unit-a'), T0);
    await fileCommand(
      { type: 'RemoveOrphanFile', data: { fileId: B.id, citations: 0, uploadedBefore: iso(T0 + HOUR) } },
      inspector,
      T0 + 2 * HOUR,
    );
    await cite('task-t2', 'TaskProgressReported', { taskId: 't2', percent: 5, note: 'n', attachments: [B] });
    await r.waitFor((await harness.store.headPosition())!, 10_000);
    expect(fileCatalogueStatus(r.db, B.id)).toEqual({ state: 'kept' });
    expect(getFileRecord(r.db, B.id)!.citedBy.map((c) => c.stream)).toEqual(['task-t2']);
    await r.close();
    await harness.expectReplayChangesNothing(filesProjection, 'files.sqlite', dump);
  });
});
