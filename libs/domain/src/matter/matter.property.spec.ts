import fc from 'fast-check';
import { DomainError } from '../shared/domain-error.js';
import type { DomainActor } from '../shared/decider.js';
import type { MatterCommand, MatterMode } from './matter.commands.js';
import { matterDeciderFor } from './matter.decider.js';
import { pendingSigners, type MatterState } from './matter.state.js';
import type { MatterEvent } from './matter.events.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';

// Decides as a deployment that configured nothing (the default calendar).
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);

/*
 * The decider is checked against a deliberately naive reference written from the rules of
 * API.md alone: a list of lines (who, verdict, handed to whom) and a status. It shares no
 * code with the decider, so a bug has to be made twice, in two different shapes, to pass.
 */

type Status = 'pending' | 'approved' | 'rejected' | 'recalled' | 'expired';
interface Line {
  user: string;
  verdict: 'approve' | 'reject' | null;
  handedTo: string | null;
}
interface Ref {
  mode: MatterMode;
  quorum: number;
  submitter: string;
  lines: Line[];
  status: Status;
}

type Action =
  | { kind: 'sign'; actor: string; decision: 'approve' | 'reject'; withComment: boolean }
  | { kind: 'add'; actor: string; user: string }
  | { kind: 'delegate'; actor: string; to: string }
  | { kind: 'recall'; actor: string }
  | { kind: 'expire'; late: boolean };

const SUBMITTER = 's';
const OFFICE = 'office';
const SIGNER_POOL = ['u0', 'u1', 'u2', 'u3', 'u4', SUBMITTER, OFFICE];
const ACTOR_POOL = [...SIGNER_POOL, 'u5', 'd0', 'd1', 'd2'];
const NOW = '2025-03-01T09:00:00.000Z';
const DEADLINE = '2025-03-05T08:00:00.000Z';

const actor = (id: string): DomainActor => ({ id, roles: id === OFFICE ? ['reform_office'] : ['committee_member'] });

/** Whose turn it is in sequential mode: the first line that has neither signed nor handed over. */
function firstOpenIndex(ref: Ref): number {
  for (let i = 0; i < ref.lines.length; i++) {
    if (ref.lines[i].verdict === null && ref.lines[i].handedTo === null) return i;
  }
  return -1;
}

function expectedSignerState(ref: Ref, i: number): string {
  const line = ref.lines[i];
  if (line.handedTo !== null) return 'delegated';
  if (line.verdict === 'approve') return 'approved';
  if (line.verdict === 'reject') return 'rejected';
  if (ref.status !== 'pending') return 'waiting';
  if (ref.mode === 'sequential') return i === firstOpenIndex(ref) ? 'pending' : 'waiting';
  return 'pending';
}

function expectedOutcome(ref: Ref): Status {
  let yes = 0;
  let no = 0;
  let open = 0;
  for (const line of ref.lines) {
    if (line.handedTo !== null) continue;
    if (line.verdict === 'approve') yes++;
    else if (line.verdict === 'reject') no++;
    else open++;
  }
  if (ref.mode === 'all' || ref.mode === 'sequential') {
    if (no > 0) return 'rejected';
    if (open === 0) return 'approved';
  }
  if (ref.mode === 'any') {
    if (yes > 0) return 'approved';
    if (open === 0) return 'rejected';
  }
  if (ref.mode === 'quorum') {
    if (yes >= ref.quorum) return 'approved';
    if (yes + open < ref.quorum) return 'rejected';
  }
  return 'pending';
}

function closedCode(ref: Ref): string | null {
  if (ref.status === 'approved' || ref.status === 'rejected') return 'MATTER.ALREADY_DECIDED';
  if (ref.status === 'recalled' || ref.status === 'expired') return 'MATTER.NOT_PENDING';
  return null;
}

/** Checks a line may act now; returns the refusal code or null. */
function lineRefusal(ref: Ref, user: string): string | null {
  const index = ref.lines.findIndex((l) => l.user === user);
  if (index < 0) return 'MATTER.NOT_A_SIGNER';
  const closed = closedCode(ref);
  if (closed) return closed;
  const line = ref.lines[index];
  if (line.verdict !== null) return 'MATTER.ALREADY_SIGNED';
  if (line.handedTo !== null) return 'MATTER.SIGNATURE_DELEGATED';
  if (ref.mode === 'sequential' && index !== firstOpenIndex(ref)) return 'MATTER.NOT_YOUR_TURN';
  return null;
}

/** Applies an action to a copy of the reference; returns the refusal code or the new reference. */
function step(ref: Ref, action: Action): { code: string } | { next: Ref } {
  const next: Ref = { ...ref, lines: ref.lines.map((l) => ({ ...l })) };
  switch (action.kind) {
    case 'sign': {
      if (action.decision === 'reject' && !action.withComment) return { code: 'MATTER.COMMENT_REQUIRED' };
      const refusal = lineRefusal(ref, action.actor);
      if (refusal) return { code: refusal };
      next.lines.find((l) => l.user === action.actor)!.verdict = action.decision;
      next.status = expectedOutcome(next);
      return { next };
    }
    case 'add': {
      if (action.actor !== ref.submitter && action.actor !== OFFICE) return { code: 'MATTER.NOT_SUBMITTER' };
      const closed = closedCode(ref);
      if (closed) return { code: closed };
      if (ref.lines.some((l) => l.user === action.user)) return { code: 'MATTER.SIGNER_EXISTS' };
      next.lines.push({ user: action.user, verdict: null, handedTo: null });
      next.status = expectedOutcome(next);
      return { next };
    }
    case 'delegate': {
      const refusal = lineRefusal(ref, action.actor);
      if (refusal) return { code: refusal };
      if (ref.lines.some((l) => l.user === action.to)) return { code: 'MATTER.SIGNER_EXISTS' };
      const index = next.lines.findIndex((l) => l.user === action.actor);
      next.lines[index].handedTo = action.to;
      next.lines.splice(index + 1, 0, { user: action.to, verdict: null, handedTo: null });
      next.status = expectedOutcome(next);
      return { next };
    }
    case 'recall': {
      if (action.actor !== ref.submitter) return { code: 'MATTER.NOT_SUBMITTER' };
      const closed = closedCode(ref);
      if (closed) return { code: closed };
      next.status = 'recalled';
      return { next };
    }
    case 'expire': {
      const closed = closedCode(ref);
      if (closed) return { code: closed };
      if (!action.late) return { code: 'MATTER.DEADLINE_NOT_REACHED' };
      next.status = 'expired';
      return { next };
    }
  }
}

function toCommand(action: Action): MatterCommand {
  const metadata = (who: string, now = NOW) => ({ actor: actor(who), now });
  switch (action.kind) {
    case 'sign':
      return {
        type: 'SignMatter',
        data: { matterId: 'm', decision: action.decision, ...(action.withComment ? { comment: 'because' } : {}) },
        metadata: metadata(action.actor),
      };
    case 'add':
      return { type: 'AddSigner', data: { matterId: 'm', userId: action.user }, metadata: metadata(action.actor) };
    case 'delegate':
      return { type: 'DelegateSignature', data: { matterId: 'm', to: action.to, reason: 'away' }, metadata: metadata(action.actor) };
    case 'recall':
      return { type: 'RecallMatter', data: { matterId: 'm', reason: 'withdrawn' }, metadata: metadata(action.actor) };
    case 'expire':
      return {
        type: 'ExpireMatter',
        data: { matterId: 'm' },
        metadata: metadata('reminder-engine', action.late ? '2025-03-05T08:00:00.000Z' : '2025-03-05T07:59:59.000Z'),
      };
  }
}

const who = fc.constantFrom(...ACTOR_POOL);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('sign' as const),
      actor: who,
      decision: fc.constantFrom('approve' as const, 'reject' as const),
      withComment: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), actor: who, user: who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delegate' as const), actor: who, to: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('recall' as const), actor: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), late: fc.boolean() }) },
);
const scenarioArb = fc
  .record({
    signers: fc.uniqueArray(fc.constantFrom(...SIGNER_POOL), { minLength: 1, maxLength: 6 }),
    mode: fc.constantFrom<MatterMode>('all', 'any', 'sequential', 'quorum'),
    quorumSeed: fc.nat(),
    actions: fc.array(actionArb, { maxLength: 20 }),
  })
  .map((s) => ({ ...s, quorum: 1 + (s.quorumSeed % s.signers.length) }));

function observed(state: MatterState) {
  return { status: state!.status, signers: state!.signers.map((s) => [s.userId, s.state]) };
}
function expected(ref: Ref) {
  return { status: ref.status, signers: ref.lines.map((l, i) => [l.user, expectedSignerState(ref, i)]) };
}

describe('matter decider against a reference model', () => {
  it('agrees on every signer state, outcome and refusal after every step', () => {
    fc.assert(
      fc.property(scenarioArb, ({ signers, mode, quorum, actions }) => {
        const submit: MatterCommand = {
          type: 'SubmitMatter',
          data: { matterId: 'm', title: 't', body: 'b', signers, mode, deadline: DEADLINE, ...(mode === 'quorum' ? { quorum } : {}) },
          metadata: { actor: actor(SUBMITTER), now: NOW },
        };
        const history: MatterEvent[] = matterDecider.decide(submit, null);
        let state = history.reduce(matterDecider.evolve, matterDecider.initialState());
        let ref: Ref = {
          mode,
          quorum,
          submitter: SUBMITTER,
          lines: signers.map((user) => ({ user, verdict: null, handedTo: null })),
          status: 'pending',
        };
        expect(observed(state)).toEqual(expected(ref));

        for (const action of actions) {
          const want = step(ref, action);
          let events: MatterEvent[] | null = null;
          let code: string | null = null;
          try {
            events = matterDecider.decide(toCommand(action), state);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            code = e.code;
          }
          if ('code' in want) {
            expect({ action, code }).toEqual({ action, code: want.code });
            continue;
          }
          expect({ action, code }).toEqual({ action, code: null });
          const before = ref.status;
          ref = want.next;
          state = events!.reduce(matterDecider.evolve, state);
          expect(observed(state)).toEqual(expected(ref));
          // The outcome is recorded as its own event, in the same result, exactly when it happens.
          const outcomes = events!.filter((e) => e.type === 'MatterApproved' || e.type === 'MatterRejected').map((e) => e.type);
          const decidedNow = before === 'pending' && (ref.status === 'approved' || ref.status === 'rejected');
          expect(outcomes).toEqual(decidedNow ? [ref.status === 'approved' ? 'MatterApproved' : 'MatterRejected'] : []);
          // `awaiting` in line-up events is who the fold says is pending before any outcome closes the matter.
          const first = events![0];
          if ('awaiting' in first.data && !decidedNow) expect(first.data.awaiting).toEqual(pendingSigners(state));
          if (ref.status !== 'pending') expect(pendingSigners(state)).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
