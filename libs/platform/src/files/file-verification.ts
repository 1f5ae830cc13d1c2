import { createHash } from 'node:crypto';
import type { Attachment } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { FileStore } from './file-store.port.js';

/** An event citing a file, by stream and revision. */
export interface FileCitationAt {
  fileId: string;
  stream: string;
  revision: number;
}

/**
 * The files a stretch of history cites, checked against the store: how many citations were
 * checked, which cite a file that is gone, and which cite one whose bytes no longer hash to what
 * the event recorded (each named with the citing event's stream and revision).
 */
export interface FilesVerification {
  checked: number;
  missing: FileCitationAt[];
  corrupt: FileCitationAt[];
}

/** The attachments an event's data records (`attachments: [...]`), none for other events. */
export function attachmentsOf(event: Pick<RecordedEvent, 'data'>): Attachment[] {
  const data = event.data as { attachments?: unknown } | null;
  return data && Array.isArray(data.attachments) ? (data.attachments as Attachment[]) : [];
}

/**
 * Collects the citations of the events passing through `events` (which it yields unchanged),
 * so one read of a stream feeds both the chain verifier and the file check.
 */
export class CitationCollector {
  readonly citations: Array<FileCitationAt & { attachment: Attachment }> = [];

  async *tap(events: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
    for await (const event of events) {
      this.note(event);
      yield event;
    }
  }

  note(event: RecordedEvent): void {
    for (const attachment of attachmentsOf(event))
      this.citations.push({ fileId: attachment.id, stream: event.stream, revision: event.revision, attachment });
  }
}

/** What the store's bytes of a file hash to: both digests and the size, or null when not stored. */
export async function hashStoredFile(store: FileStore, fileId: string): Promise<{ sha256: string; sm3: string; size: number } | null> {
  const body = await store.read(fileId);
  if (!body) return null;
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sm3.update(chunk);
    size += chunk.length;
  }
  return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size };
}

/**
 * Checks every citation against the store's bytes: present, and hashing (SHA-256 and SM3) to
 * what the citing event recorded. Each distinct file is read once.
 */
export async function verifyCitedFiles(
  store: FileStore,
  citations: ReadonlyArray<FileCitationAt & { attachment: Attachment }>,
): Promise<FilesVerification> {
  const hashes = new Map<string, Awaited<ReturnType<typeof hashStoredFile>>>();
  const missing: FileCitationAt[] = [];
  const corrupt: FileCitationAt[] = [];
  for (const { attachment, ...at } of citations) {
    if (!hashes.has(at.fileId)) hashes.set(at.fileId, await hashStoredFile(store, at.fileId));
    const found = hashes.get(at.fileId)!;
    if (found === null) missing.push(at);
    else if (found.sha256 !== attachment.sha256 || found.sm3 !== attachment.sm3 || found.size !== attachment.size) corrupt.push(at);
  }
  return { checked: citations.length, missing, corrupt };
}
