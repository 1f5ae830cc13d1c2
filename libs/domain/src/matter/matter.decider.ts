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
import { refuse } from '../shared/domain-error.js';
import { isBlank } from '../shared/text.js';
import { isDeadlineReached } from '../shared/time.js';
import { dueDateField, requireDue, type Due, type DueCalendar } from '../shared/due.js';
import { MatterErrors } from './matter.errors.js';
import type { MatterEvent } from './matter.events.js';
import { matterOutcome, pendingSigners, type Matter, type MatterSigner, type MatterState, type SignerState } from './matter.state.js';

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

/** Nothing submitted yet. */
export function initialMatterState(): MatterState {
  return null;
}

/** Folds one event into the matter; total, like every evolve. */
export function evolveMatter(state: MatterState, event: MatterEvent): MatterState {
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
      deadlineDate: d.deadlineDate ?? null,
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
        s.userId === from ? [{ ...s, state: 'delegated' as const, delegatedTo: to, reason, decidedAt: delegatedAt }, newSigner(to)] : [s],
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
      return assertNever(event, 'matter event');
  }
}

function newSigner(userId: string): MatterSigner {
  return { userId, state: 'pending', comment: null, decidedAt: null, delegatedTo: null, reason: null };
}

function close(matter: Matter): Matter {
  return { ...matter, signers: assignTurns(matter.signers, matter.mode, false) };
}

/**
 * Decides a matter command: existence (404), then per command role or signer (403), input
 * (400) and state (409).
 */
function decideMatter(command: MatterCommand, state: MatterState, calendar: DueCalendar): MatterEvent[] {
  switch (command.type) {
    case 'SubmitMatter':
      return submit(command, state, calendar);
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
      return assertNever(command, 'matter command');
  }
}

function existing(state: MatterState, matterId: string): Matter {
  if (state === null) throw refuse.notFound(MatterErrors.NOT_FOUND, `Matter ${matterId} does not exist`, { matterId });
  return state;
}

function requireText(value: unknown, path: string): void {
  if (isBlank(value)) throw refuse.invalid(MatterErrors.FIELD_REQUIRED, `${path} is required`, path);
}

function submit(command: SubmitMatter, state: MatterState, calendar: DueCalendar): MatterEvent[] {
  const { matterId, title, body, signers, mode, quorum, deadline } = command.data;
  const { actor, now } = command.metadata;
  if (state !== null) throw refuse.conflict(MatterErrors.ALREADY_EXISTS, `Matter ${matterId} was already submitted`, { matterId });
  if (!hasRole(actor, 'reform_office', 'committee_member', 'department'))
    throw refuse.forbidden(MatterErrors.SUBMIT_FORBIDDEN, 'Only reform_office, committee_member or department may submit matters', {
      roles: 'reform_office, committee_member, department',
    });
  requireText(title, 'title');
  requireText(body, 'body');
  if (!MATTER_MODES.includes(mode))
    throw refuse.invalid(MatterErrors.INVALID_MODE, `mode must be all, any, sequential or quorum, not ${String(mode)}`, 'mode', {
      mode: String(mode),
    });
  if (!Array.isArray(signers) || signers.length < 1 || signers.length > MAX_SIGNERS)
    throw refuse.invalid(MatterErrors.INVALID_SIGNERS, `signers must list 1 to ${MAX_SIGNERS} user ids`, 'signers');
  if (signers.some(isBlank)) throw refuse.invalid(MatterErrors.INVALID_SIGNERS, 'signers must be non-empty user ids', 'signers');
  const seen = new Set<string>();
  for (const s of signers) {
    if (seen.has(s)) throw refuse.invalid(MatterErrors.DUPLICATE_SIGNERS, `Signer ${s} is listed more than once`, 'signers', { userId: s });
    seen.add(s);
  }
  if (mode === 'quorum') {
    if (quorum === undefined || quorum === null) throw refuse.invalid(MatterErrors.INVALID_QUORUM, 'quorum mode needs a quorum', 'quorum');
    if (!Number.isInteger(quorum) || quorum < 1 || quorum > signers.length)
      throw refuse.invalid(MatterErrors.INVALID_QUORUM, `quorum must be an integer from 1 to ${signers.length}`, 'quorum');
  } else if (quorum !== undefined && quorum !== null) {
    throw refuse.invalid(MatterErrors.INVALID_QUORUM, 'quorum is only allowed with quorum mode', 'quorum');
  }
  let due: Due | null = null;
  if (deadline !== undefined && deadline !== null) {
    due = requireDue(deadline, 'deadline', MatterErrors.INVALID_DEADLINE, calendar);
    // A date-only deadline of today is the end of today: still in the future until midnight.
    if (isDeadlineReached(due.at, now)) throw refuse.invalid(MatterErrors.INVALID_DEADLINE, 'deadline must be in the future', 'deadline');
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
      deadline: due?.at ?? null,
      ...(due ? dueDateField('deadlineDate', due) : {}),
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
  if (signer === undefined) throw refuse.forbidden(MatterErrors.NOT_A_SIGNER, `${userId} is not a signer of this matter`, { userId });
  requireOpen(matter);
  switch (signer.state) {
    case 'pending':
      return signer;
    case 'approved':
    case 'rejected':
      throw refuse.conflict(MatterErrors.ALREADY_SIGNED, `${userId} has already signed`, { userId });
    case 'waiting':
      throw refuse.conflict(MatterErrors.NOT_YOUR_TURN, `${userId} signs later: earlier signers have not signed yet`, { userId });
    case 'delegated':
      throw refuse.conflict(
        MatterErrors.SIGNATURE_DELEGATED,
        `${userId} handed this signature over to ${signer.delegatedTo ?? 'someone else'}`,
        {
          userId,
          to: signer.delegatedTo,
        },
      );
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
      throw refuse.conflict(MatterErrors.ALREADY_DECIDED, `The matter is already ${matter.status}`, { status: matter.status });
    case 'recalled':
    case 'expired':
      throw refuse.conflict(MatterErrors.NOT_PENDING, `The matter is ${matter.status}, no longer pending`, { status: matter.status });
    default:
      return assertNever(matter.status, 'status');
  }
}

function sign(command: SignMatter, matter: Matter): MatterEvent[] {
  const { matterId, decision, comment } = command.data;
  const { actor, now } = command.metadata;
  if (!SIGN_DECISIONS.includes(decision))
    throw refuse.invalid(MatterErrors.INVALID_DECISION, `decision must be approve or reject, not ${String(decision)}`, 'decision', {
      decision: String(decision),
    });
  if (decision === 'reject' && isBlank(comment))
    throw refuse.invalid(MatterErrors.COMMENT_REQUIRED, 'A rejection needs a comment', 'comment');
  requirePendingSigner(matter, actor.id);
  const signed: MatterEvent = {
    type: 'MatterSigned',
    data: {
      matterId,
      signer: actor.id,
      decision,
      comment: isBlank(comment) ? null : (comment as string),
      signedAt: now,
      awaiting: [],
    },
  };
  return withOutcome(matter, [withAwaiting(matter, signed)], now);
}

function addSigner(command: AddSigner, matter: Matter): MatterEvent[] {
  const { matterId, userId } = command.data;
  const { actor, now } = command.metadata;
  requireText(userId, 'userId');
  if (actor.id !== matter.submittedBy && !hasRole(actor, 'reform_office'))
    throw refuse.forbidden(MatterErrors.NOT_SUBMITTER, 'Only the submitter or the reform office may add a signer');
  requireOpen(matter);
  if (matter.signers.some((s) => s.userId === userId))
    throw refuse.conflict(MatterErrors.SIGNER_EXISTS, `${userId} is already on this matter`, { userId });
  if (matter.signers.filter((s) => s.state !== 'delegated').length >= MAX_SIGNERS)
    throw refuse.conflict(MatterErrors.TOO_MANY_SIGNERS, `A matter has at most ${MAX_SIGNERS} signers`, { max: MAX_SIGNERS });
  const added: MatterEvent = {
    type: 'MatterSignerAdded',
    data: { matterId, userId, addedBy: actor.id, addedAt: now, awaiting: [] },
  };
  return withOutcome(matter, [withAwaiting(matter, added)], now);
}

function delegate(command: DelegateSignature, matter: Matter): MatterEvent[] {
  const { matterId, to, reason } = command.data;
  const { actor, now } = command.metadata;
  requireText(to, 'to');
  requireText(reason, 'reason');
  requirePendingSigner(matter, actor.id);
  // Anyone already on the matter, including someone who handed over earlier, would hold two lines.
  if (matter.signers.some((s) => s.userId === to))
    throw refuse.conflict(MatterErrors.SIGNER_EXISTS, `${to} is already on this matter`, { userId: to });
  const delegated: MatterEvent = {
    type: 'MatterSignatureDelegated',
    data: { matterId, from: actor.id, to, reason, delegatedAt: now, awaiting: [] },
  };
  return withOutcome(matter, [withAwaiting(matter, delegated)], now);
}

function recall(command: RecallMatter, matter: Matter): MatterEvent[] {
  const { matterId, reason } = command.data;
  const { actor, now } = command.metadata;
  requireText(reason, 'reason');
  if (actor.id !== matter.submittedBy) throw refuse.forbidden(MatterErrors.NOT_SUBMITTER, 'Only the submitter may recall the matter');
  requireOpen(matter);
  return [{ type: 'MatterRecalled', data: { matterId, recalledBy: actor.id, reason, recalledAt: now } }];
}

function expire(command: ExpireMatter, matter: Matter): MatterEvent[] {
  const { now } = command.metadata;
  requireOpen(matter);
  if (matter.deadline === null || !isDeadlineReached(matter.deadline, now)) {
    throw refuse.conflict(
      MatterErrors.DEADLINE_NOT_REACHED,
      matter.deadline === null ? 'The matter has no deadline' : `The deadline ${matter.deadline} has not passed yet`,
      { deadline: matter.deadlineDate ?? matter.deadline },
    );
  }
  return [{ type: 'MatterExpired', data: { matterId: command.data.matterId, deadline: matter.deadline, expiredAt: now } }];
}

/** Fills `awaiting` with who is pending once the event is applied. */
function withAwaiting<E extends MatterEvent & { data: { awaiting: string[] } }>(state: MatterState, event: E): E {
  return { ...event, data: { ...event.data, awaiting: pendingSigners(evolveMatter(state, event)) } };
}

/**
 * Appends the outcome event the moment the mode's rule makes it certain, so the decision is
 * recorded atomically with the signature (or line-up change) that caused it.
 */
function withOutcome(matter: Matter, events: MatterEvent[], now: string): MatterEvent[] {
  const after = events.reduce<MatterState>(evolveMatter, matter);
  if (after === null || after.status !== 'pending') return events;
  const outcome = matterOutcome(after);
  if (outcome === 'approved') return [...events, { type: 'MatterApproved', data: { matterId: after.id, decidedAt: now } }];
  if (outcome === 'rejected') return [...events, { type: 'MatterRejected', data: { matterId: after.id, decidedAt: now } }];
  return events;
}

/**
 * The countersign matter (会签) aggregate, stream `matter-<id>`, reading deadlines in `calendar`
 * (the deployment's time zone, given when the decider is built).
 */
export function matterDeciderFor(calendar: DueCalendar): Decider<MatterCommand, MatterEvent, MatterState> {
  return {
    initialState: initialMatterState,
    evolve: evolveMatter,
    decide: (command, state) => decideMatter(command, state, calendar),
  };
}
