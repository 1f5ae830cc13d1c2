import type { Event } from '../shared/decider.js';
import type { MatterMode, SignDecision } from './matter.commands.js';

/**
 * Events that change who is pending carry `awaiting`: the user ids pending right after the
 * event. The fold recomputes it, but the "awaiting my signature" projection can then stay a
 * plain upsert instead of re-implementing the turn rules of `sequential`.
 */
export type MatterSubmitted = Event<
  'MatterSubmitted',
  {
    matterId: string;
    title: string;
    body: string;
    submittedBy: string;
    mode: MatterMode;
    /** `null` unless mode is `quorum`. */
    quorum: number | null;
    deadline: string | null;
    /** The calendar date `deadline` is the end of, when it was given as a date (absent otherwise, and from older events). */
    deadlineDate?: string;
    signers: string[];
    awaiting: string[];
    submittedAt: string;
  }
>;

/** A signer approved or rejected. The outcome, if it became certain, follows as its own event. */
export type MatterSigned = Event<
  'MatterSigned',
  {
    matterId: string;
    signer: string;
    decision: SignDecision;
    comment: string | null;
    signedAt: string;
    awaiting: string[];
  }
>;

/** 加签: a signer was appended. */
export type MatterSignerAdded = Event<
  'MatterSignerAdded',
  { matterId: string; userId: string; addedBy: string; addedAt: string; awaiting: string[] }
>;

/** 转交: `from` handed their place and turn to `to`. */
export type MatterSignatureDelegated = Event<
  'MatterSignatureDelegated',
  { matterId: string; from: string; to: string; reason: string; delegatedAt: string; awaiting: string[] }
>;

/** The mode's rule made approval certain. */
export type MatterApproved = Event<'MatterApproved', { matterId: string; decidedAt: string }>;

/** The mode's rule made rejection certain. */
export type MatterRejected = Event<'MatterRejected', { matterId: string; decidedAt: string }>;

/** 撤回 by the submitter before any outcome. */
export type MatterRecalled = Event<'MatterRecalled', { matterId: string; recalledBy: string; reason: string; recalledAt: string }>;

/** The deadline passed with no outcome. */
export type MatterExpired = Event<'MatterExpired', { matterId: string; deadline: string; expiredAt: string }>;

/** Every event of the countersign matter aggregate. */
export type MatterEvent =
  | MatterSubmitted
  | MatterSigned
  | MatterSignerAdded
  | MatterSignatureDelegated
  | MatterApproved
  | MatterRejected
  | MatterRecalled
  | MatterExpired;
