import { assertNever } from '../shared/decider.js';
import { isDeadlineReached } from '../shared/time.js';
import type { MatterMode } from './matter.commands.js';

/** Where one signer stands. */
export type SignerState = 'waiting' | 'pending' | 'approved' | 'rejected' | 'delegated';

/** A signer line of API.md's Matter. */
export interface MatterSigner {
  userId: string;
  state: SignerState;
  comment: string | null;
  /** When the signer approved, rejected or handed over. */
  decidedAt: string | null;
  /** Set once the signer handed over (转交). */
  delegatedTo: string | null;
  /** The hand-over reason. */
  reason: string | null;
}

/** Lifecycle of a matter; everything but `pending` is final. */
export type MatterStatus = 'pending' | 'approved' | 'rejected' | 'recalled' | 'expired';

/** Every matter status, for validating query filters. */
export const MATTER_STATUSES = ['pending', 'approved', 'rejected', 'recalled', 'expired'] as const satisfies readonly MatterStatus[];

/** A countersign matter as API.md shows it (without `revision`, which the store owns). */
export interface Matter {
  id: string;
  title: string;
  body: string;
  submittedBy: string;
  mode: MatterMode;
  quorum: number | null;
  deadline: string | null;
  /** `deadline` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  deadlineDate: string | null;
  status: MatterStatus;
  /**
   * In signing order; a delegate sits right after the signer who handed over. Once the matter
   * is closed nobody is pending any more: signers who never acted show `waiting`.
   */
  signers: MatterSigner[];
  /** When the outcome (approved or rejected) became certain. */
  decidedAt: string | null;
  submittedAt: string;
  recalledBy: string | null;
  recallReason: string | null;
  recalledAt: string | null;
  expiredAt: string | null;
}

/** `null` until the matter is submitted. */
export type MatterState = Matter | null;

/** User ids the reminder engine should remind: the pending signers of a pending matter. */
export function pendingSigners(state: MatterState): string[] {
  if (state === null || state.status !== 'pending') return [];
  return state.signers.filter((s) => s.state === 'pending').map((s) => s.userId);
}

/** The deadline at which the reminder engine should send `ExpireMatter`, or `null` if none applies. */
export function matterDeadline(state: MatterState): string | null {
  return state !== null && state.status === 'pending' ? state.deadline : null;
}

/** `true` when `ExpireMatter` at `now` would be accepted. */
export function isExpiryDue(state: MatterState, now: string): boolean {
  const deadline = matterDeadline(state);
  return deadline !== null && isDeadlineReached(deadline, now);
}

/**
 * The outcome the mode's rule makes certain, or `null` while it is still open. Delegated
 * lines do not count: their delegate stands in their place.
 */
export function matterOutcome(matter: Matter): 'approved' | 'rejected' | null {
  const active = matter.signers.filter((s) => s.state !== 'delegated');
  const approvals = active.filter((s) => s.state === 'approved').length;
  const rejections = active.filter((s) => s.state === 'rejected').length;
  const undecided = active.length - approvals - rejections;
  switch (matter.mode) {
    case 'all':
    case 'sequential':
      if (rejections > 0) return 'rejected';
      return undecided === 0 ? 'approved' : null;
    case 'any':
      if (approvals > 0) return 'approved';
      return undecided === 0 ? 'rejected' : null;
    case 'quorum': {
      const quorum = matter.quorum ?? active.length;
      if (approvals >= quorum) return 'approved';
      return approvals + undecided < quorum ? 'rejected' : null;
    }
    default:
      return assertNever(matter.mode, 'mode');
  }
}
