import type { Role } from '../shared/decider.js';
import type { Matter, MatterSigner } from '../matter/matter.state.js';
import { readsAll, type Reader } from './reader.js';

/** Roles that read every countersign matter (API.md "Who may read what"). */
export const MATTER_READERS_OF_ALL = ['reform_office', 'committee_member', 'leader', 'admin'] as const satisfies readonly Role[];

/** The facts of a matter its reading rule needs. */
export type MatterReadFacts = Pick<Matter, 'submittedBy'> & { signers: ReadonlyArray<Pick<MatterSigner, 'userId'>> };

/**
 * The users who read a matter without a role that reads them all: its submitter and every
 * signer it ever had. A signer who handed over keeps a `delegated` line, so a former signer
 * stays a reader after the hand-over; the matter's read model keeps these ids as rows.
 */
export function matterReaders(matter: MatterReadFacts): string[] {
  return [...new Set([matter.submittedBy, ...matter.signers.map((s) => s.userId)])];
}

/** `true` when the reader may read the matter: a role that reads all, or one of {@link matterReaders}. */
export function canReadMatter(reader: Reader, matter: MatterReadFacts): boolean {
  return readsAll(reader, MATTER_READERS_OF_ALL) || matterReaders(matter).includes(reader.id);
}
