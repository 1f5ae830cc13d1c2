import { assertNever, hasRole, type Decider } from '../shared/decider.js';
import {
  MATTER_MODES,
  MAX_SIGNERS,
  SIGN_DECISIONS,
  type AddSigner,
  type DelegateSignature,
  type ExpireMatter,
  type MatterCommand,
  type MatterMode,
  type RecallMatter,
  type SignMatter,
  type SubmitMatter,
} from './matter.commands.js';
import { MatterErrors, matterErrors } from './matter.errors.js';
import { requireInstant } from '../shared/time.js';
import type { MatterEvent } from './matter.events.js';

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

/** A countersign matter as API.md shows it (without `revision`, which the store owns). */
export interface Matter {
  id: string;
  title: string;
  body: string;
  submittedBy: string;
  mode: MatterMode;
  quorum: number | null;
  deadline: string | null;
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

const isUndecided = (s: MatterSigner) => s.state === 'pending' || s.state === 'waiting';

/**
 * Recomputes pending/waiting from the decided lines, so every event that changes the line-up
 * goes through the single rule of "whose turn is it".
 */
function assignTurns(signers: MatterSigner[], mode: MatterMode, open: boolean): MatterSigner[] {
  let turnGiven = false;
  return signers.map((s) => {
    if (!isUndecided(s)) return s;
    let state: SignerState;
    if (!open) state = 'waiting';
    else if (mode !== 'sequential') state = 'pending';
    else {
      state = turnGiven ? 'waiting' : 'pending';
      turnGiven = true;
    }
    return s.state === state ? s : { ...s, state };
  });
}

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
  return deadline !== null && Date.parse(deadline) <= Date.parse(now);
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

function evolve(state: MatterState, event: MatterEvent): MatterState {
  if (event.type === 'MatterSubmitted') {
    const d = event.data;
    return {
      id: d.matterId,
      title: d.title,
      body: d.body,
      submittedBy: d.submittedBy,
      mode: d.mode,
      quorum: d.quorum,
      deadline: d.deadline,
      status: 'pending',
      signers: assignTurns(d.signers.map(newSigner), d.mode, true),
      decidedAt: null,
      submittedAt: d.submittedAt,
      recalledBy: null,
      recallReason: null,
      recalledAt: null,
      expiredAt: null,
    };
  }
  // Evolve stays total: an event for a matter never submitted cannot come from decide, so ignore it.
  if (state === null) return state;
  switch (event.type) {
    case 'MatterSigned': {
      const { signer, decision, comment, signedAt } = event.data;
      const signers = state.signers.map((s) =>
        s.userId === signer
          ? { ...s, state: decision === 'approve' ? ('approved' as const) : ('rejected' as const), comment, decidedAt: signedAt }
          : s,
      );
      return { ...state, signers: assignTurns(signers, state.mode, state.status === 'pending') };
    }
    case 'MatterSignerAdded':
      return {
        ...state,
        signers: assignTurns([...state.signers, newSigner(event.data.userId)], state.mode, state.status === 'pending'),
      };
    case 'MatterSignatureDelegated': {
      const { from, to, reason, delegatedAt } = event.data;
      const signers = state.signers.flatMap((s) =>
        s.userId === from
          ? [{ ...s, state: 'delegated' as const, delegatedTo: to, reason, decidedAt: delegatedAt }, newSigner(to)]
          : [s],
      );
      return { ...state, signers: assignTurns(signers, state.mode, state.status === 'pending') };
    }
    case 'MatterApproved':
      return close({ ...state, status: 'approved', decidedAt: event.data.decidedAt });
    case 'MatterRejected':
      return close({ ...state, status: 'rejected', decidedAt: event.data.decidedAt });
    case 'MatterRecalled':
      return close({
        ...state,
        status: 'recalled',
        recalledBy: event.data.recalledBy,
        recallReason: event.data.reason,
        recalledAt: event.data.recalledAt,
      });
    case 'MatterExpired':
      return close({ ...state, status: 'expired', expiredAt: event.data.expiredAt });
    default:
      return assertNever(event, 'event');
  }
}

function newSigner(userId: string): MatterSigner {
  return { userId, state: 'pending', comment: null, decidedAt: null, delegatedTo: null, reason: null };
}

function close(matter: Matter): Matter {
  return { ...matter, signers: assignTurns(matter.signers, matter.mode, false) };
}

function decide(command: MatterCommand, state: MatterState): MatterEvent[] {
  switch (command.type) {
    case 'SubmitMatter':
      return submit(command, state);
    case 'SignMatter':
      return sign(command, existing(state, command.data.matterId));
    case 'AddSigner':
      return addSigner(command, existing(state, command.data.matterId));
    case 'DelegateSignature':
      return delegate(command, existing(state, command.data.matterId));
    case 'RecallMatter':
      return recall(command, existing(state, command.data.matterId));
    case 'ExpireMatter':
      return expire(command, existing(state, command.data.matterId));
    default:
      return assertNever(command, 'command');
  }
}

function existing(state: MatterState, matterId: string): Matter {
  if (state === null) throw matterErrors.notFound(matterId);
  return state;
}

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

function submit(command: SubmitMatter, state: MatterState): MatterEvent[] {
  const { matterId, title, body, signers, mode, quorum, deadline } = command.data;
  const { actor, now } = command.metadata;
  if (state !== null) throw matterErrors.alreadyExists(matterId);
  if (!hasRole(actor, 'reform_office', 'committee_member', 'department')) throw matterErrors.submitForbidden();
  if (blank(title)) throw matterErrors.fieldRequired('title');
  if (blank(body)) throw matterErrors.fieldRequired('body');
  if (!MATTER_MODES.includes(mode)) throw matterErrors.invalidMode(mode);
  if (!Array.isArray(signers) || signers.length < 1 || signers.length > MAX_SIGNERS)
    throw matterErrors.invalidSigners(`signers must list 1 to ${MAX_SIGNERS} user ids`);
  if (signers.some(blank)) throw matterErrors.invalidSigners('signers must be non-empty user ids');
  const seen = new Set<string>();
  for (const s of signers) {
    if (seen.has(s)) throw matterErrors.duplicateSigners(s);
    seen.add(s);
  }
  if (mode === 'quorum') {
    if (quorum === undefined || quorum === null) throw matterErrors.invalidQuorum('quorum mode needs a quorum');
    if (!Number.isInteger(quorum) || quorum < 1 || quorum > signers.length)
      throw matterErrors.invalidQuorum(`quorum must be an integer from 1 to ${signers.length}`);
  } else if (quorum !== undefined && quorum !== null) {
    throw matterErrors.invalidQuorum('quorum is only allowed with quorum mode');
  }
  let due: string | null = null;
  if (deadline !== undefined && deadline !== null) {
    due = requireInstant(deadline, 'deadline', MatterErrors.INVALID_DEADLINE);
    if (Date.parse(due) <= Date.parse(now)) throw matterErrors.invalidDeadline('deadline must be in the future');
  }
  const submitted: MatterEvent = {
    type: 'MatterSubmitted',
    data: {
      matterId,
      title,
      body,
      submittedBy: actor.id,
      mode,
      quorum: mode === 'quorum' ? (quorum as number) : null,
      deadline: due,
      signers: [...signers],
      awaiting: [],
      submittedAt: now,
    },
  };
  return [withAwaiting(null, submitted)];
}

/** The refusals shared by signing and handing over: both need the actor to be the pending signer. */
function requirePendingSigner(matter: Matter, userId: string) {
  const signer = matter.signers.find((s) => s.userId === userId);
  if (signer === undefined) throw matterErrors.notASigner(userId);
  requireOpen(matter);
  switch (signer.state) {
    case 'pending':
      return signer;
    case 'approved':
    case 'rejected':
      throw matterErrors.alreadySigned(userId);
    case 'waiting':
      throw matterErrors.notYourTurn(userId);
    case 'delegated':
      throw matterErrors.signatureDelegated(userId, signer.delegatedTo);
    default:
      return assertNever(signer.state, 'signer state');
  }
}

function requireOpen(matter: Matter): void {
  switch (matter.status) {
    case 'pending':
      return;
    case 'approved':
    case 'rejected':
      throw matterErrors.alreadyDecided(matter.status);
    case 'recalled':
    case 'expired':
      throw matterErrors.notPending(matter.status);
    default:
      return assertNever(matter.status, 'status');
  }
}

function sign(command: SignMatter, matter: Matter): MatterEvent[] {
  const { matterId, decision, comment } = command.data;
  const { actor, now } = command.metadata;
  if (!SIGN_DECISIONS.includes(decision)) throw matterErrors.invalidDecision(decision);
  if (decision === 'reject' && blank(comment)) throw matterErrors.commentRequired();
  requirePendingSigner(matter, actor.id);
  const signed: MatterEvent = {
    type: 'MatterSigned',
    data: {
      matterId,
      signer: actor.id,
      decision,
      comment: blank(comment) ? null : (comment as string),
      signedAt: now,
      awaiting: [],
    },
  };
  return withOutcome(matter, [withAwaiting(matter, signed)], now);
}

function addSigner(command: AddSigner, matter: Matter): MatterEvent[] {
  const { matterId, userId } = command.data;
  const { actor, now } = command.metadata;
  if (blank(userId)) throw matterErrors.fieldRequired('userId');
  if (actor.id !== matter.submittedBy && !hasRole(actor, 'reform_office'))
    throw matterErrors.notSubmitter('or the reform office may add a signer');
  requireOpen(matter);
  if (matter.signers.some((s) => s.userId === userId)) throw matterErrors.signerExists(userId);
  if (matter.signers.filter((s) => s.state !== 'delegated').length >= MAX_SIGNERS) throw matterErrors.tooManySigners();
  const added: MatterEvent = {
    type: 'MatterSignerAdded',
    data: { matterId, userId, addedBy: actor.id, addedAt: now, awaiting: [] },
  };
  return withOutcome(matter, [withAwaiting(matter, added)], now);
}

function delegate(command: DelegateSignature, matter: Matter): MatterEvent[] {
  const { matterId, to, reason } = command.data;
  const { actor, now } = command.metadata;
  if (blank(to)) throw matterErrors.fieldRequired('to');
  if (blank(reason)) throw matterErrors.fieldRequired('reason');
  requirePendingSigner(matter, actor.id);
  // Anyone already on the matter, including someone who handed over earlier, would hold two lines.
  if (matter.signers.some((s) => s.userId === to)) throw matterErrors.signerExists(to);
  const delegated: MatterEvent = {
    type: 'MatterSignatureDelegated',
    data: { matterId, from: actor.id, to, reason, delegatedAt: now, awaiting: [] },
  };
  return withOutcome(matter, [withAwaiting(matter, delegated)], now);
}

function recall(command: RecallMatter, matter: Matter): MatterEvent[] {
  const { matterId, reason } = command.data;
  const { actor, now } = command.metadata;
  if (blank(reason)) throw matterErrors.fieldRequired('reason');
  if (actor.id !== matter.submittedBy) throw matterErrors.notSubmitter('may recall the matter');
  requireOpen(matter);
  return [{ type: 'MatterRecalled', data: { matterId, recalledBy: actor.id, reason, recalledAt: now } }];
}

function expire(command: ExpireMatter, matter: Matter): MatterEvent[] {
  const { now } = command.metadata;
  requireOpen(matter);
  if (matter.deadline === null || Date.parse(matter.deadline) > Date.parse(now))
    throw matterErrors.deadlineNotReached(matter.deadline);
  return [{ type: 'MatterExpired', data: { matterId: command.data.matterId, deadline: matter.deadline, expiredAt: now } }];
}

/** Fills `awaiting` with who is pending once the event is applied. */
function withAwaiting<E extends MatterEvent & { data: { awaiting: string[] } }>(state: MatterState, event: E): E {
  return { ...event, data: { ...event.data, awaiting: pendingSigners(evolve(state, event)) } };
}

/**
 * Appends the outcome event the moment the mode's rule makes it certain, so the decision is
 * recorded atomically with the signature (or line-up change) that caused it.
 */
function withOutcome(matter: Matter, events: MatterEvent[], now: string): MatterEvent[] {
  const after = events.reduce<MatterState>(evolve, matter);
  if (after === null || after.status !== 'pending') return events;
  const outcome = matterOutcome(after);
  if (outcome === 'approved') return [...events, { type: 'MatterApproved', data: { matterId: after.id, decidedAt: now } }];
  if (outcome === 'rejected') return [...events, { type: 'MatterRejected', data: { matterId: after.id, decidedAt: now } }];
  return events;
}

/** The countersign matter (会签) aggregate, stream `matter-<id>`. */
export const matterDecider: Decider<MatterCommand, MatterEvent, MatterState> = {
  initialState: () => null,
  evolve,
  decide,
};
