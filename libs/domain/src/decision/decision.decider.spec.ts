import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { DecisionCommand, RecordDecision } from './decision.commands.js';
import { decisionDecider } from './decision.decider.js';
import type { DecisionRecorded } from './decision.events.js';

const member: DomainActor = { id: 'u-member', roles: ['committee_member'] };
const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const NOW = '2025-04-01T08:00:00.000Z';

const meta = (actor: DomainActor): CommandMetadata => ({ actor, now: NOW });
const given = specFor(decisionDecider);

const record = (over: Partial<RecordDecision['data']> = {}, actor = member): DecisionCommand => ({
  type: 'RecordDecision',
  data: { decisionId: 'd1', title: 'Adopt one-visit services', content: 'The committee decides…', ...over },
  metadata: meta(actor),
});

const recorded: DecisionRecorded = {
  type: 'DecisionRecorded',
  data: {
    decisionId: 'd1',
    title: 'Adopt one-visit services',
    content: 'The committee decides…',
    meetingId: null,
    taskIds: [],
    matterIds: [],
    decidedAt: NOW,
    recordedBy: 'u-member',
    recordedAt: NOW,
  },
};

describe('committee decision decider', () => {
  it('records a bare decision, decided now, with empty references', () => {
    expect(given([]).when(record()).thenEvents()).toEqual([recorded]);
  });

  it('records its meeting, tasks and matters, dropping repeated ids', () => {
    const [e] = given([])
      .when(record({ meetingId: 'mt1', taskIds: ['t1', 't2', 't1'], matterIds: ['x1'], decidedAt: '2025-03-31T10:00:00+08:00' }, office))
      .thenEvents();
    expect(e?.data).toEqual({
      ...recorded.data,
      meetingId: 'mt1',
      taskIds: ['t1', 't2'],
      matterIds: ['x1'],
      decidedAt: '2025-03-31T02:00:00.000Z',
      recordedBy: 'u-office',
    });
  });

  it('accepts decidedAt equal to now', () => {
    expect(
      given([])
        .when(record({ decidedAt: NOW }))
        .thenEvents(),
    ).toHaveLength(1);
  });

  it('is refused to anyone but committee members and the reform office', () => {
    const err = given([]).when(record({}, dept)).thenError();
    expect([err.code, err.kind]).toEqual(['DECISION.ROLE_REQUIRED', 'forbidden']);
  });

  it('refuses recording the same decision twice', () => {
    const err = given([recorded]).when(record()).thenError();
    expect([err.code, err.kind]).toEqual(['DECISION.ALREADY_EXISTS', 'conflict']);
  });

  it.each(['yesterday', '2025-03-31T10:00:00', '2025-02-30T00:00:00Z'])('refuses decidedAt %j', (decidedAt) => {
    const err = given([]).when(record({ decidedAt })).thenError();
    expect([err.code, err.kind, err.path]).toEqual(['DECISION.INVALID_DATE', 'invalid', 'decidedAt']);
  });

  it('refuses a decidedAt in the future', () => {
    const err = given([])
      .when(record({ decidedAt: '2025-04-01T08:00:01Z' }))
      .thenError();
    expect([err.code, err.kind, err.path]).toEqual(['DECISION.DECIDED_IN_FUTURE', 'invalid', 'decidedAt']);
  });

  it('folds into the resource', () => {
    expect(fold(decisionDecider, [])).toBeNull();
    expect(fold(decisionDecider, [recorded])).toEqual({
      id: 'd1',
      title: 'Adopt one-visit services',
      content: 'The committee decides…',
      meetingId: null,
      taskIds: [],
      matterIds: [],
      decidedAt: NOW,
      recordedBy: 'u-member',
      recordedAt: NOW,
    });
  });
});
