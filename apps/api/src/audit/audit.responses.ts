import type { AuditDigestData, AuditEventView, BrokenStream, ShortenedList, SigningKeyInfo } from '#read-models';

// Answers of the audit routes; their OpenAPI schemas are generated from these types (npm run api-client).

import type { StreamVerification } from '#event-store';
import type { FilesVerification } from '#platform';

export type { AuditLogEntry, DigestCheck } from '#read-models';

/** `GET /audit/streams/:stream/verify`: the chain, and the evidence files its events cite (`checked`, `missing`, `corrupt`). */
export type AuditStreamVerification = StreamVerification & { files: FilesVerification };

/** `GET /audit/digest`: the (signed) digest, and the streams whose chain did not verify on the way (none in a sound store). */
export type AuditDigest = AuditDigestData & { broken: BrokenStream[] };

/** `GET /audit/streams/:stream`: a stream's events from `fromRevision`, and where the next page starts. */
export interface AuditStreamEvents {
  stream: string;
  events: AuditEventView[];
  /** The revision to ask for next; `null` on the last page. */
  nextFromRevision: number | null;
}

/** `GET /audit/streams/:stream/state`: the resource as it stood then. */
export interface AuditStreamState {
  stream: string;
  revision: number;
  asOf: string | null;
  /** The aggregate's state folded with the product's own evolve (its shape is the aggregate's), its lists cut to their last `items`. */
  state: unknown;
  /** The lists of `state` that hold only their last items: where, how many in all, the index of the first answered. */
  shortened: ShortenedList[];
}

/** `GET /audit/keys`: the keys digests were signed with. */
export interface SigningKeyList {
  items: SigningKeyInfo[];
}
