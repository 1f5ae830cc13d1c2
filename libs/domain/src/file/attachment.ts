import { canReadFile, type FileReadFacts } from '../access/file.access.js';
import type { DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { FileErrors } from './file.errors.js';
import { MAX_ATTACHMENTS, type Attachment } from './file.state.js';

/**
 * An attachment as a command carries it: the id the client sent and what the file catalogue
 * knows of it (`null`: no such file, or its bytes were removed). The edge looks the ids up; the
 * decider judges them, so the rule has one home.
 */
export interface AttachmentCandidate {
  id: string;
  file: (FileReadFacts & { file: Attachment }) | null;
}

/**
 * The attachments a command may record: at most {@link MAX_ATTACHMENTS}, no file twice, each
 * one existing and readable by the actor (400 naming `attachments[i]` otherwise). Answers what
 * the event records of each: id, name, size, media type and both hashes.
 */
export function acceptAttachments(
  candidates: readonly AttachmentCandidate[] | undefined,
  actor: DomainActor,
  path = 'attachments',
): Attachment[] {
  if (candidates === undefined) return [];
  if (candidates.length > MAX_ATTACHMENTS) {
    throw refuse.invalid(FileErrors.TOO_MANY_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} attachments`, path, { max: MAX_ATTACHMENTS });
  }
  const seen = new Set<string>();
  return candidates.map((candidate, i) => {
    const at = `${path}[${i}]`;
    if (seen.has(candidate.id))
      throw refuse.invalid(FileErrors.DUPLICATE_ATTACHMENT, `${candidate.id} is attached twice`, at, { fileId: candidate.id });
    seen.add(candidate.id);
    // Unknown and unreadable answer alike, so an id cannot be probed for existence.
    if (candidate.file === null || !canReadFile(actor, candidate.file)) {
      throw refuse.invalid(FileErrors.UNKNOWN_ATTACHMENT, `no file ${candidate.id} this user may read`, at, { fileId: candidate.id });
    }
    const { id, name, size, mediaType, sha256, sm3 } = candidate.file.file;
    return { id, name, size, mediaType, sha256, sm3 };
  });
}

/** `{ attachments }` when there are any, so events without attachments keep their old shape. */
export const withAttachments = (attachments: readonly Attachment[]): { attachments?: Attachment[] } =>
  attachments.length > 0 ? { attachments: [...attachments] } : {};

/** The distinct files (first citation's record of each) that a record's entries carry, in order. */
export function distinctAttachments(entries: Iterable<{ attachments?: readonly Attachment[] }>): Attachment[] {
  const files = new Map<string, Attachment>();
  for (const entry of entries) for (const a of entry.attachments ?? []) if (!files.has(a.id)) files.set(a.id, a);
  return [...files.values()];
}
