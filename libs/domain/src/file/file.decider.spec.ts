import type { DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import { acceptAttachments, type AttachmentCandidate } from './attachment.js';
import type { FileCommand } from './file.commands.js';
import { fileDecider } from './file.decider.js';
import { FileErrors } from './file.errors.js';
import type { FileEvent } from './file.events.js';
import { MAX_ATTACHMENTS, type Attachment } from './file.state.js';

const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'unit-a' };
const inspector: DomainActor = { id: 'u-insp', roles: ['inspector'] };
const job: DomainActor = { id: 'system:file-orphans', roles: ['admin'] };
const T0 = '2026-03-01T00:00:00.000Z';
const T1 = '2026-03-02T00:00:00.000Z';
const T2 = '2026-03-03T00:00:00.000Z';
const given = specFor(fileDecider);

const pdf: Attachment = {
  id: `sha256:${'a'.repeat(64)}`,
  name: '整改报告.pdf',
  size: 1234,
  mediaType: 'application/pdf',
  sha256: 'a'.repeat(64),
  sm3: 'b'.repeat(64),
};
const upload = (actor: DomainActor, now = T0, name = pdf.name): FileCommand => ({
  type: 'UploadFile',
  data: { file: { ...pdf, name } },
  metadata: { actor, now },
});
const remove = (citations: number, uploadedBefore: string, now = T2): FileCommand => ({
  type: 'RemoveOrphanFile',
  data: { fileId: pdf.id, citations, uploadedBefore },
  metadata: { actor: job, now },
});
const uploaded = (actor: DomainActor, at = T0, name = pdf.name): FileEvent => ({
  type: 'FileUploaded',
  data: { file: { ...pdf, name }, uploadedBy: { id: actor.id, ...(actor.unit ? { unit: actor.unit } : {}) }, uploadedAt: at },
});
const removed: FileEvent = { type: 'FileRemoved', data: { fileId: pdf.id, removedAt: T2, reason: 'orphan' } };

describe('file decider', () => {
  it('records the first upload with its uploader and unit', () => {
    expect(given([]).when(upload(dept)).thenEvents()).toEqual([uploaded(dept)]);
  });

  it('records nothing when the same uploader sends the same bytes again', () => {
    expect(
      given([uploaded(dept)])
        .when(upload(dept, T1))
        .thenEvents(),
    ).toEqual([]);
  });

  it('records another uploader of the same bytes under the first upload’s name', () => {
    expect(
      given([uploaded(dept)])
        .when(upload(inspector, T1, 'photo.pdf'))
        .thenEvents(),
    ).toEqual([uploaded(inspector, T1)]);
    const state = fold(fileDecider, [uploaded(dept), uploaded(inspector, T1)]);
    expect(state?.uploaders.map((u) => u.id)).toEqual(['u-dept', 'u-insp']);
    expect(state?.uploadedAt).toBe(T0);
  });

  it('removes an uncited file uploaded before the cut-off', () => {
    expect(
      given([uploaded(dept)])
        .when(remove(0, T1))
        .thenEvents(),
    ).toEqual([removed]);
  });

  it('never removes a cited file', () => {
    expect(
      given([uploaded(dept)])
        .when(remove(2, T1))
        .thenErrorCode(),
    ).toBe(FileErrors.CITED);
  });

  it('keeps a file uploaded again after the cut-off', () => {
    expect(
      given([uploaded(dept), uploaded(inspector, T2)])
        .when(remove(0, T1))
        .thenErrorCode(),
    ).toBe(FileErrors.RECENTLY_UPLOADED);
  });

  it('refuses to remove what is not kept, and a removed file uploaded again starts a new life', () => {
    expect(
      given([uploaded(dept), removed])
        .when(remove(0, T1))
        .thenErrorCode(),
    ).toBe(FileErrors.NOT_FOUND);
    const revived = fold(fileDecider, [uploaded(dept), removed, uploaded(inspector, T2, 'again.pdf')]);
    expect(revived).toEqual({ file: { ...pdf, name: 'again.pdf' }, uploaders: [{ id: 'u-insp', at: T2 }], uploadedAt: T2 });
  });
});

describe('acceptAttachments', () => {
  const facts = (over: Partial<NonNullable<AttachmentCandidate['file']>> = {}): AttachmentCandidate => ({
    id: pdf.id,
    file: { file: pdf, uploaders: [{ id: 'u-dept', unit: 'unit-a' }], citedBy: [], ...over },
  });

  it('answers each readable file as the event records it: id, name, size, media type, both hashes', () => {
    expect(acceptAttachments([facts()], dept)).toEqual([pdf]);
    expect(acceptAttachments(undefined, dept)).toEqual([]);
  });

  it('refuses an unknown id or one the actor may not read, naming attachments[i]', () => {
    const unknown = { id: `sha256:${'c'.repeat(64)}`, file: null };
    const error = (() => {
      try {
        acceptAttachments([facts(), unknown], dept);
      } catch (e) {
        return e as { code: string; path: string; kind: string };
      }
      throw new Error('not refused');
    })();
    expect(error).toMatchObject({ code: FileErrors.UNKNOWN_ATTACHMENT, path: 'attachments[1]', kind: 'invalid' });
    expect(() => acceptAttachments([facts()], { id: 'u-other', roles: ['department'], unit: 'unit-b' })).toThrow(
      expect.objectContaining({ path: 'attachments[0]' }),
    );
  });

  it('refuses the same file twice and more than the maximum', () => {
    expect(() => acceptAttachments([facts(), facts()], dept)).toThrow(
      expect.objectContaining({ code: FileErrors.DUPLICATE_ATTACHMENT, path: 'attachments[1]' }),
    );
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({ id: `sha256:${String(i).padStart(64, '0')}`, file: null }));
    expect(() => acceptAttachments(many, dept)).toThrow(
      expect.objectContaining({ code: FileErrors.TOO_MANY_ATTACHMENTS, path: 'attachments' }),
    );
  });
});
