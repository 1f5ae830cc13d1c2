import type { DomainActor, Role } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { MatterCommand, MatterMode } from './matter.commands.js';
import { matterDeciderFor } from './matter.decider.js';
import { isExpiryDue, matterDeadline, pendingSigners } from './matter.state.js';
import type { MatterEvent, MatterSubmitted } from './matter.events.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';

// Decides as a deployment that configured nothing (the default calendar).
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);

const given = specFor(matterDecider);
const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-01T09:00:00.000Z';
const DEADLINE = '2025-03-05T08:00:00.000Z';
const ID = 'm1';

const user = (id: string, ...roles: Role[]): DomainActor => ({ id, roles: roles.length ? roles : ['committee_member'] });
const by = (actor: DomainActor | string, now = T1) => ({
  actor: typeof actor === 'string' ? user(actor) : actor,
  now,
});

function submitted(over: Partial<MatterSubmitted['data']> = {}): MatterSubmitted {
  const data: MatterSubmitted['data'] = {
    matterId: ID,
    title: 'Merge the two permit windows',
    body: 'Proposal text',
    submittedBy: 'office',
    mode: 'all',
    quorum: null,
    deadline: null,
    signers: ['a', 'b', 'c'],
    awaiting: [],
    submittedAt: T0,
    ...over,
  };
  const awaiting = over.awaiting ?? (data.mode === 'sequential' ? data.signers.slice(0, 1) : [...data.signers]);
  return { type: 'MatterSubmitted', data: { ...data, awaiting } };
}
const signed = (signer: string, decision: 'approve' | 'reject', awaiting: string[], comment: string | null = null): MatterEvent => ({
  type: 'MatterSigned',
  data: { matterId: ID, signer, decision, comment, signedAt: T1, awaiting },
});
const approved = (): MatterEvent => ({ type: 'MatterApproved', data: { matterId: ID, decidedAt: T1 } });
const rejected = (): MatterEvent => ({ type: 'MatterRejected', data: { matterId: ID, decidedAt: T1 } });
const recalled = (): MatterEvent => ({
  type: 'MatterRecalled',
  data: { matterId: ID, recalledBy: 'office', reason: 'withdrawn', recalledAt: T1 },
});

const sign = (actor: string, decision: 'approve' | 'reject', comment?: string): MatterCommand => ({
  type: 'SignMatter',
  data: { matterId: ID, decision, ...(comment === undefined ? {} : { comment }) },
  metadata: by(actor),
});
const submit = (
  data: Partial<Extract<MatterCommand, { type: 'SubmitMatter' }>['data']>,
  actor: DomainActor = user('office', 'reform_office'),
): MatterCommand => ({
  type: 'SubmitMatter',
  data: {
    matterId: ID,
    title: 'Merge the two permit windows',
    body: 'Proposal text',
    signers: ['a', 'b', 'c'],
    mode: 'all' as MatterMode,
    ...data,
  },
  metadata: by(actor, T0),
});
const addSigner = (userId: string, actor: DomainActor | string = user('office', 'reform_office')): MatterCommand => ({
  type: 'AddSigner',
  data: { matterId: ID, userId },
  metadata: by(actor),
});
const delegateTo = (actor: string, to: string, reason = 'on leave'): MatterCommand => ({
  type: 'DelegateSignature',
  data: { matterId: ID, to, reason },
  metadata: by(actor),
});
const recall = (actor: DomainActor | string = user('office', 'reform_office'), reason = 'withdrawn'): MatterCommand => ({
  type: 'RecallMatter',
  data: { matterId: ID, reason },
  metadata: by(actor),
});
const expire = (now: string): MatterCommand => ({
  type: 'ExpireMatter',
  data: { matterId: ID },
  metadata: by(user('system', 'admin'), now),
});

const stateAfter = (events: MatterEvent[]) => fold(matterDecider, events);
const signerStates = (events: MatterEvent[]) => Object.fromEntries(stateAfter(events)!.signers.map((s) => [s.userId, s.state]));

describe('matter decider', () => {
  describe('deadlines written as dates', () => {
    it("today's date is the end of today in Beijing time: still in the future, kept beside the instant, expiring at midnight", () => {
      // T0 is 16:00 on 1 March, Beijing time.
      const events = given([])
        .when(submit({ deadline: '2025-03-01' }))
        .thenEvents();
      expect(events[0]).toMatchObject({
        type: 'MatterSubmitted',
        data: { deadline: '2025-03-01T15:59:59.999Z', deadlineDate: '2025-03-01' },
      });
      const state = fold(matterDecider, events);
      expect(state).toMatchObject({ deadline: '2025-03-01T15:59:59.999Z', deadlineDate: '2025-03-01' });
      expect(isExpiryDue(state, '2025-03-01T23:59:59.998+08:00')).toBe(false);
      expect(isExpiryDue(state, '2025-03-02T00:00:00+08:00')).toBe(true);
    });

    it('a date-time earlier today is in the past and refused; one without a date has no deadlineDate', () => {
      expect(
        given([])
          .when(submit({ deadline: '2025-03-01T00:00:00+08:00' }))
          .thenError(),
      ).toMatchObject({ code: 'MATTER.INVALID_DEADLINE', path: 'deadline' });
      expect(
        fold(
          matterDecider,
          given([])
            .when(submit({ deadline: '2025-03-02T00:00:00+08:00' }))
            .thenEvents(),
        ),
      ).toMatchObject({ deadlineDate: null });
    });

    it('refusing to expire before a date-only deadline names the day, not its last minute', () => {
      const events = given([])
        .when(submit({ deadline: '2025-03-01' }))
        .thenEvents();
      expect(given(events).when(expire('2025-03-01T12:00:00.000Z')).thenError()).toMatchObject({
        code: 'MATTER.DEADLINE_NOT_REACHED',
        params: { deadline: '2025-03-01' },
      });
    });

    it('reads the day in the time zone the decider was built with', () => {
      const [e] = specFor(matterDeciderFor({ timeZone: 'UTC' }))([])
        .when(submit({ deadline: '2025-03-01' }))
        .thenEvents();
      expect(e).toMatchObject({ data: { deadline: '2025-03-01T23:59:59.999Z', deadlineDate: '2025-03-01' } });
    });

    it.each(['2025-02-30', '2025年3月1日'])('refuses %j naming the field', (deadline) => {
      expect(given([]).when(submit({ deadline })).thenError()).toMatchObject({ code: 'MATTER.INVALID_DEADLINE', path: 'deadline' });
    });
  });

  describe('SubmitMatter', () => {
    it('records the matter with everyone pending in all mode', () => {
      expect(given([]).when(submit({})).thenEvents()).toEqual([submitted()]);
    });

    it('only the first signer is pending in sequential mode', () => {
      const events = given([])
        .when(submit({ mode: 'sequential' }))
        .thenEvents();
      expect(events).toEqual([submitted({ mode: 'sequential', awaiting: ['a'] })]);
      expect(signerStates(events)).toEqual({ a: 'pending', b: 'waiting', c: 'waiting' });
    });

    it('keeps the quorum in quorum mode and stores the deadline in UTC', () => {
      const events = given([])
        .when(submit({ mode: 'quorum', quorum: 2, deadline: '2025-03-05T16:00:00+08:00' }))
        .thenEvents();
      expect(events).toEqual([submitted({ mode: 'quorum', quorum: 2, deadline: DEADLINE })]);
      const state = stateAfter(events)!;
      expect(state).toMatchObject({ id: ID, status: 'pending', submittedBy: 'office', submittedAt: T0, decidedAt: null });
      expect(state.signers[0]).toEqual({ userId: 'a', state: 'pending', comment: null, decidedAt: null, delegatedTo: null, reason: null });
    });

    it('refuses a second submission of the same matter', () => {
      expect(given([submitted()]).when(submit({})).thenErrorCode()).toBe('MATTER.ALREADY_EXISTS');
    });

    it('refuses a submitter without a submitting role', () => {
      const error = given([])
        .when(submit({}, user('x', 'inspector')))
        .thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.SUBMIT_FORBIDDEN', 'forbidden']);
    });

    it.each([
      [{ title: ' ' }, 'MATTER.FIELD_REQUIRED', 'title'],
      [{ body: '' }, 'MATTER.FIELD_REQUIRED', 'body'],
      [{ mode: 'majority' as MatterMode }, 'MATTER.INVALID_MODE', 'mode'],
      [{ signers: [] }, 'MATTER.INVALID_SIGNERS', 'signers'],
      [{ signers: Array.from({ length: 51 }, (_, i) => `u${i}`) }, 'MATTER.INVALID_SIGNERS', 'signers'],
      [{ signers: ['a', ''] }, 'MATTER.INVALID_SIGNERS', 'signers'],
      [{ signers: ['a', 'b', 'a'] }, 'MATTER.DUPLICATE_SIGNERS', 'signers'],
      [{ mode: 'all' as MatterMode, quorum: 2 }, 'MATTER.INVALID_QUORUM', 'quorum'],
      [{ mode: 'quorum' as MatterMode }, 'MATTER.INVALID_QUORUM', 'quorum'],
      [{ mode: 'quorum' as MatterMode, quorum: 4 }, 'MATTER.INVALID_QUORUM', 'quorum'],
      [{ mode: 'quorum' as MatterMode, quorum: 0 }, 'MATTER.INVALID_QUORUM', 'quorum'],
      [{ mode: 'quorum' as MatterMode, quorum: 1.5 }, 'MATTER.INVALID_QUORUM', 'quorum'],
      [{ deadline: T0 }, 'MATTER.INVALID_DEADLINE', 'deadline'],
      [{ deadline: '2020-01-01T00:00:00Z' }, 'MATTER.INVALID_DEADLINE', 'deadline'],
      [{ deadline: 'next friday' }, 'MATTER.INVALID_DEADLINE', 'deadline'],
    ])('refuses invalid input %j', (data, code, path) => {
      const error = given([]).when(submit(data)).thenError();
      expect([error.code, error.kind, error.path]).toEqual([code, 'invalid', path]);
    });

    it('accepts exactly 50 signers and a quorum equal to their number', () => {
      const signers = Array.from({ length: 50 }, (_, i) => `u${i}`);
      expect(
        given([])
          .when(submit({ signers, mode: 'quorum', quorum: 50 }))
          .thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('SignMatter', () => {
    describe('all mode', () => {
      it('an approval that leaves others undecided records only the signature', () => {
        expect(given([submitted()]).when(sign('a', 'approve')).thenEvents()).toEqual([signed('a', 'approve', ['b', 'c'])]);
      });

      it('the last approval approves the matter in the same result', () => {
        const history = [submitted(), signed('a', 'approve', ['b', 'c']), signed('b', 'approve', ['c'], 'ok')];
        expect(
          given(history)
            .when(sign('c', 'approve', 'fine'))
            .thenEvents(),
        ).toEqual([signed('c', 'approve', [], 'fine'), approved()]);
      });

      it('the first rejection rejects the matter', () => {
        expect(
          given([submitted(), signed('a', 'approve', ['b', 'c'])])
            .when(sign('b', 'reject', 'no budget'))
            .thenEvents(),
        ).toEqual([signed('b', 'reject', ['c'], 'no budget'), rejected()]);
      });
    });

    describe('sequential mode', () => {
      const start = submitted({ mode: 'sequential' });

      it('refuses a later signer out of turn', () => {
        const error = given([start]).when(sign('b', 'approve')).thenError();
        expect([error.code, error.kind]).toEqual(['MATTER.NOT_YOUR_TURN', 'conflict']);
      });

      it('passes the turn to the next signer', () => {
        const events = given([start]).when(sign('a', 'approve')).thenEvents();
        expect(events).toEqual([signed('a', 'approve', ['b'])]);
        expect(signerStates([start, ...events])).toEqual({ a: 'approved', b: 'pending', c: 'waiting' });
      });

      it('approves when the last signer approves', () => {
        const history = [start, signed('a', 'approve', ['b']), signed('b', 'approve', ['c'])];
        expect(given(history).when(sign('c', 'approve')).thenEvents()).toEqual([signed('c', 'approve', []), approved()]);
      });

      it('rejects at the first rejection and nobody is left pending', () => {
        const events = given([start])
          .when(sign('a', 'reject', 'not ready'))
          .thenEvents();
        expect(events).toEqual([signed('a', 'reject', ['b'], 'not ready'), rejected()]);
        const state = stateAfter([start, ...events]);
        expect(state!.status).toBe('rejected');
        expect(signerStates([start, ...events])).toEqual({ a: 'rejected', b: 'waiting', c: 'waiting' });
        expect(pendingSigners(state)).toEqual([]);
      });
    });

    describe('any mode', () => {
      const start = submitted({ mode: 'any' });

      it('approves at the first approval', () => {
        expect(given([start]).when(sign('b', 'approve')).thenEvents()).toEqual([signed('b', 'approve', ['a', 'c']), approved()]);
      });

      it('a rejection alone decides nothing', () => {
        expect(
          given([start])
            .when(sign('a', 'reject', 'no'))
            .thenEvents(),
        ).toEqual([signed('a', 'reject', ['b', 'c'], 'no')]);
      });

      it('rejects when every signer rejected', () => {
        const history = [start, signed('a', 'reject', ['b', 'c'], 'no'), signed('b', 'reject', ['c'], 'no')];
        expect(
          given(history)
            .when(sign('c', 'reject', 'no'))
            .thenEvents(),
        ).toEqual([signed('c', 'reject', [], 'no'), rejected()]);
      });
    });

    describe('quorum mode (2 of 3)', () => {
      const start = submitted({ mode: 'quorum', quorum: 2 });

      it('one approval is not enough', () => {
        expect(given([start]).when(sign('a', 'approve')).thenEvents()).toEqual([signed('a', 'approve', ['b', 'c'])]);
      });

      it('approves when approvals reach the quorum', () => {
        expect(
          given([start, signed('a', 'approve', ['b', 'c'])])
            .when(sign('c', 'approve'))
            .thenEvents(),
        ).toEqual([signed('c', 'approve', ['b']), approved()]);
      });

      it('one rejection still leaves the quorum reachable', () => {
        expect(
          given([start])
            .when(sign('a', 'reject', 'no'))
            .thenEvents(),
        ).toEqual([signed('a', 'reject', ['b', 'c'], 'no')]);
      });

      it('rejects as soon as the quorum can no longer be reached', () => {
        expect(
          given([start, signed('a', 'reject', ['b', 'c'], 'no')])
            .when(sign('b', 'reject', 'no'))
            .thenEvents(),
        ).toEqual([signed('b', 'reject', ['c'], 'no'), rejected()]);
      });
    });

    it('records the signer line', () => {
      const state = stateAfter([submitted(), signed('a', 'reject', [], 'too costly')]);
      expect(state!.signers[0]).toEqual({
        userId: 'a',
        state: 'rejected',
        comment: 'too costly',
        decidedAt: T1,
        delegatedTo: null,
        reason: null,
      });
    });

    it('refuses a non-signer as forbidden', () => {
      const error = given([submitted()]).when(sign('stranger', 'approve')).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.NOT_A_SIGNER', 'forbidden']);
    });

    it('refuses signing twice', () => {
      const error = given([submitted(), signed('a', 'approve', ['b', 'c'])])
        .when(sign('a', 'reject', 'changed my mind'))
        .thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.ALREADY_SIGNED', 'conflict']);
    });

    it.each([undefined, '', '   '])('refuses a rejection without a comment (%j)', (comment) => {
      const error = given([submitted()])
        .when(sign('a', 'reject', comment))
        .thenError();
      expect([error.code, error.kind, error.path]).toEqual(['MATTER.COMMENT_REQUIRED', 'invalid', 'comment']);
    });

    it('refuses an unknown decision', () => {
      const command = { ...sign('a', 'approve'), data: { matterId: ID, decision: 'abstain' } } as unknown as MatterCommand;
      expect(given([submitted()]).when(command).thenError().path).toBe('decision');
    });

    it('refuses signing a decided matter', () => {
      const history = [submitted({ mode: 'any' }), signed('a', 'approve', ['b', 'c']), approved()];
      expect(given(history).when(sign('b', 'approve')).thenErrorCode()).toBe('MATTER.ALREADY_DECIDED');
    });

    it('refuses signing a recalled matter', () => {
      expect(given([submitted(), recalled()]).when(sign('a', 'approve')).thenErrorCode()).toBe('MATTER.NOT_PENDING');
    });

    it('refuses signing an expired matter', () => {
      const history: MatterEvent[] = [
        submitted({ deadline: DEADLINE }),
        { type: 'MatterExpired', data: { matterId: ID, deadline: DEADLINE, expiredAt: DEADLINE } },
      ];
      expect(given(history).when(sign('a', 'approve')).thenErrorCode()).toBe('MATTER.NOT_PENDING');
    });

    it('refuses a signer who handed over', () => {
      const history = [submitted(), delegated('a', 'd')];
      expect(given(history).when(sign('a', 'approve')).thenErrorCode()).toBe('MATTER.SIGNATURE_DELEGATED');
    });

    it('refuses an unknown matter as not found', () => {
      const error = given([]).when(sign('a', 'approve')).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.NOT_FOUND', 'not_found']);
    });
  });

  function delegated(from: string, to: string, awaiting: string[] = []): MatterEvent {
    return { type: 'MatterSignatureDelegated', data: { matterId: ID, from, to, reason: 'on leave', delegatedAt: T1, awaiting } };
  }
  function added(userId: string, awaiting: string[], addedBy = 'office'): MatterEvent {
    return { type: 'MatterSignerAdded', data: { matterId: ID, userId, addedBy, addedAt: T1, awaiting } };
  }

  describe('AddSigner (加签)', () => {
    it('appends the signer last, pending in all mode', () => {
      const events = given([submitted()]).when(addSigner('d')).thenEvents();
      expect(events).toEqual([added('d', ['a', 'b', 'c', 'd'])]);
      expect(stateAfter([submitted(), ...events])!.signers.map((s) => s.userId)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('the added signer waits its turn in sequential mode', () => {
      const events = given([submitted({ mode: 'sequential' })])
        .when(addSigner('d'))
        .thenEvents();
      expect(events).toEqual([added('d', ['a'])]);
      expect(signerStates([submitted({ mode: 'sequential' }), ...events])).toEqual({
        a: 'pending',
        b: 'waiting',
        c: 'waiting',
        d: 'waiting',
      });
    });

    it('the submitter may add a signer without the reform office role', () => {
      const start = submitted({ submittedBy: 'dept-head' });
      expect(
        given([start])
          .when(addSigner('d', user('dept-head', 'department')))
          .thenEvents(),
      ).toEqual([added('d', ['a', 'b', 'c', 'd'], 'dept-head')]);
    });

    it('an added signer must also approve in all mode', () => {
      const history = [submitted({ signers: ['a'] }), added('d', ['a', 'd'])];
      expect(given(history).when(sign('a', 'approve')).thenEvents()).toEqual([signed('a', 'approve', ['d'])]);
    });

    it('refuses anyone else as forbidden', () => {
      const error = given([submitted()]).when(addSigner('d', 'a')).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.NOT_SUBMITTER', 'forbidden']);
    });

    it('refuses a user already on the matter', () => {
      const error = given([submitted()]).when(addSigner('b')).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.SIGNER_EXISTS', 'conflict']);
    });

    it('refuses re-adding a signer who handed over', () => {
      expect(
        given([submitted(), delegated('a', 'd')])
          .when(addSigner('a'))
          .thenErrorCode(),
      ).toBe('MATTER.SIGNER_EXISTS');
    });

    it('refuses a blank user id', () => {
      expect(given([submitted()]).when(addSigner(' ')).thenError().path).toBe('userId');
    });

    it('refuses a 51st signer', () => {
      const signers = Array.from({ length: 50 }, (_, i) => `u${i}`);
      expect(
        given([submitted({ signers })])
          .when(addSigner('d'))
          .thenErrorCode(),
      ).toBe('MATTER.TOO_MANY_SIGNERS');
    });

    it('refuses adding to a decided or recalled matter', () => {
      expect(
        given([submitted(), signed('a', 'reject', [], 'no'), rejected()])
          .when(addSigner('d'))
          .thenErrorCode(),
      ).toBe('MATTER.ALREADY_DECIDED');
      expect(given([submitted(), recalled()]).when(addSigner('d')).thenErrorCode()).toBe('MATTER.NOT_PENDING');
    });
  });

  describe('DelegateSignature (转交)', () => {
    it('the delegate takes the old signer’s place', () => {
      const events = given([submitted()]).when(delegateTo('b', 'd')).thenEvents();
      expect(events).toEqual([delegated('b', 'd', ['a', 'd', 'c'])]);
      const state = stateAfter([submitted(), ...events])!;
      expect(state.signers.map((s) => [s.userId, s.state])).toEqual([
        ['a', 'pending'],
        ['b', 'delegated'],
        ['d', 'pending'],
        ['c', 'pending'],
      ]);
      expect(state.signers[1]).toMatchObject({ delegatedTo: 'd', reason: 'on leave', decidedAt: T1 });
    });

    it('the delegate takes the old signer’s turn in sequential mode', () => {
      const start = submitted({ mode: 'sequential' });
      const events = given([start]).when(delegateTo('a', 'd')).thenEvents();
      expect(events).toEqual([delegated('a', 'd', ['d'])]);
      expect(signerStates([start, ...events])).toEqual({ a: 'delegated', d: 'pending', b: 'waiting', c: 'waiting' });
    });

    it('a handed-over line does not count towards the outcome', () => {
      const history = [submitted({ signers: ['a', 'b'] }), signed('a', 'approve', ['b']), delegated('b', 'd', ['d'])];
      expect(given(history).when(sign('d', 'approve')).thenEvents()).toEqual([signed('d', 'approve', []), approved()]);
    });

    it('refuses a waiting signer in sequential mode', () => {
      expect(
        given([submitted({ mode: 'sequential' })])
          .when(delegateTo('b', 'd'))
          .thenErrorCode(),
      ).toBe('MATTER.NOT_YOUR_TURN');
    });

    it('refuses a signer who already signed', () => {
      expect(
        given([submitted(), signed('a', 'approve', ['b', 'c'])])
          .when(delegateTo('a', 'd'))
          .thenErrorCode(),
      ).toBe('MATTER.ALREADY_SIGNED');
    });

    it('refuses a non-signer as forbidden', () => {
      expect(given([submitted()]).when(delegateTo('x', 'd')).thenError().kind).toBe('forbidden');
    });

    it.each(['b', 'a'])('refuses handing over to %s who is already on the matter', (to) => {
      const error = given([submitted()]).when(delegateTo('a', to)).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.SIGNER_EXISTS', 'conflict']);
    });

    it('refuses a hand-over without a reason or a target', () => {
      expect(
        given([submitted()])
          .when(delegateTo('a', 'd', ''))
          .thenError().path,
      ).toBe('reason');
      expect(given([submitted()]).when(delegateTo('a', '')).thenError().path).toBe('to');
    });

    it('refuses a hand-over on a decided matter', () => {
      const history = [submitted({ mode: 'any' }), signed('a', 'approve', ['b', 'c']), approved()];
      expect(given(history).when(delegateTo('b', 'd')).thenErrorCode()).toBe('MATTER.ALREADY_DECIDED');
    });
  });

  describe('RecallMatter (撤回)', () => {
    it('the submitter recalls a pending matter and nobody is pending any more', () => {
      const events = given([submitted()]).when(recall()).thenEvents();
      expect(events).toEqual([recalled()]);
      const state = stateAfter([submitted(), ...events]);
      expect(state).toMatchObject({ status: 'recalled', recalledBy: 'office', recallReason: 'withdrawn', recalledAt: T1, decidedAt: null });
      expect(pendingSigners(state)).toEqual([]);
    });

    it('refuses anyone but the submitter, even the reform office', () => {
      const error = given([submitted()])
        .when(recall(user('other', 'reform_office')))
        .thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.NOT_SUBMITTER', 'forbidden']);
    });

    it('refuses recalling a decided matter', () => {
      expect(
        given([submitted({ mode: 'any' }), signed('a', 'approve', []), approved()])
          .when(recall())
          .thenErrorCode(),
      ).toBe('MATTER.ALREADY_DECIDED');
    });

    it('refuses recalling twice', () => {
      expect(given([submitted(), recalled()]).when(recall()).thenErrorCode()).toBe('MATTER.NOT_PENDING');
    });

    it('refuses a recall without a reason', () => {
      expect(given([submitted()]).when(recall(undefined, ' ')).thenError().path).toBe('reason');
    });
  });

  describe('ExpireMatter', () => {
    const start = submitted({ deadline: DEADLINE });

    it.each([DEADLINE, '2025-03-06T00:00:00.000Z'])('expires a pending matter at or after its deadline (%s)', (now) => {
      expect(given([start]).when(expire(now)).thenEvents()).toEqual([
        { type: 'MatterExpired', data: { matterId: ID, deadline: DEADLINE, expiredAt: now } },
      ]);
    });

    it('refuses before the deadline', () => {
      const error = given([start]).when(expire('2025-03-05T07:59:59.999Z')).thenError();
      expect([error.code, error.kind]).toEqual(['MATTER.DEADLINE_NOT_REACHED', 'conflict']);
    });

    it('refuses a matter without a deadline', () => {
      expect(given([submitted()]).when(expire('2030-01-01T00:00:00Z')).thenErrorCode()).toBe('MATTER.DEADLINE_NOT_REACHED');
    });

    it('refuses a decided matter', () => {
      expect(
        given([start, signed('a', 'reject', [], 'no'), rejected()])
          .when(expire(DEADLINE))
          .thenErrorCode(),
      ).toBe('MATTER.ALREADY_DECIDED');
    });
  });

  describe('helpers for the reminder engine', () => {
    it('pendingSigners lists who must act now', () => {
      expect(pendingSigners(null)).toEqual([]);
      expect(pendingSigners(stateAfter([submitted({ mode: 'sequential' })]))).toEqual(['a']);
      expect(pendingSigners(stateAfter([submitted(), signed('a', 'approve', ['b', 'c'])]))).toEqual(['b', 'c']);
    });

    it('matterDeadline and isExpiryDue only apply to pending matters with a deadline', () => {
      const open = stateAfter([submitted({ deadline: DEADLINE })]);
      expect(matterDeadline(open)).toBe(DEADLINE);
      expect(isExpiryDue(open, T1)).toBe(false);
      expect(isExpiryDue(open, DEADLINE)).toBe(true);
      expect(matterDeadline(stateAfter([submitted({ deadline: DEADLINE }), recalled()]))).toBeNull();
      expect(matterDeadline(stateAfter([submitted()]))).toBeNull();
      expect(matterDeadline(null)).toBeNull();
    });
  });
});
