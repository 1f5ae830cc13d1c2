import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { specFor } from '../testing.js';
import type { ExemplarCommand, RecognitionLevel } from './exemplar.commands.js';
import { exemplarDecider } from './exemplar.decider.js';
import type { ExemplarEvent } from './exemplar.events.js';

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const member: DomainActor = { id: 'u-member', roles: ['committee_member'] };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };

const T0 = '2026-03-01T00:00:00.000Z';
const T1 = '2026-04-01T00:00:00.000Z';
const T2 = '2026-05-01T00:00:00.000Z';
const meta = (actor: DomainActor, now: string): CommandMetadata => ({ actor, now });
const given = specFor(exemplarDecider);

const nominated: ExemplarEvent = {
  type: 'ExemplarNominated',
  data: {
    exemplarId: 'x1',
    title: '一网通办',
    unit: 'data-bureau',
    year: 2026,
    summary: 'one door',
    taskIds: ['t1'],
    nominatedBy: 'u-office',
    nominatedAt: T0,
  },
};
const selected: ExemplarEvent = {
  type: 'ExemplarSelected',
  data: { exemplarId: 'x1', unit: 'data-bureau', year: 2026, level: 'city', comment: null, selectedBy: 'u-member', selectedAt: T1 },
};
const rejected: ExemplarEvent = {
  type: 'ExemplarRejected',
  data: { exemplarId: 'x1', unit: 'data-bureau', year: 2026, reason: 'not replicable', rejectedBy: 'u-member', rejectedAt: T1 },
};
const recognized = (recognizedLevel: RecognitionLevel, level = recognizedLevel): ExemplarEvent => ({
  type: 'ExemplarRecognized',
  data: {
    exemplarId: 'x1',
    unit: 'data-bureau',
    year: 2026,
    recognizedLevel,
    level,
    by: '省委深改委',
    reference: '吉改发〔2026〕3号',
    at: '2026-04-20T00:00:00.000Z',
    recordedBy: 'u-office',
    recordedAt: T2,
  },
});

const nominate = (actor = office, over: Partial<Extract<ExemplarCommand, { type: 'NominateExemplar' }>['data']> = {}): ExemplarCommand => ({
  type: 'NominateExemplar',
  data: { exemplarId: 'x1', title: '一网通办', unit: 'data-bureau', year: 2026, summary: 'one door', taskIds: ['t1', 't1'], ...over },
  metadata: meta(actor, T0),
});
const select = (actor = member, level = 'city'): ExemplarCommand => ({
  type: 'SelectExemplar',
  data: { exemplarId: 'x1', level: level as 'city' },
  metadata: meta(actor, T1),
});
const reject = (actor = member): ExemplarCommand => ({
  type: 'RejectExemplar',
  data: { exemplarId: 'x1', reason: 'not replicable' },
  metadata: meta(actor, T1),
});
const recognize = (level: string, actor = office, at = '2026-04-20T08:00:00+08:00'): ExemplarCommand => ({
  type: 'RecognizeExemplar',
  data: { exemplarId: 'x1', level: level as RecognitionLevel, by: '省委深改委', reference: '吉改发〔2026〕3号', at },
  metadata: meta(actor, T2),
});

describe('exemplar decider', () => {
  it('nominates for the office, dropping repeated task ids', () => {
    expect(given([]).when(nominate()).thenEvents()).toEqual([nominated]);
    expect(given([]).when(nominate(member)).thenErrorCode()).toBe('EXEMPLAR.ROLE_REQUIRED');
    expect(given([nominated]).when(nominate()).thenErrorCode()).toBe('EXEMPLAR.ALREADY_EXISTS');
    expect(
      given([])
        .when(nominate(office, { year: 3000 }))
        .thenError().path,
    ).toBe('year');
  });

  it('is selected at city level by a committee member, once', () => {
    expect(given([nominated]).when(select()).thenEvents()).toEqual([selected]);
    expect(given([nominated]).when(select(office)).thenErrorCode()).toBe('EXEMPLAR.ROLE_REQUIRED');
    expect(given([nominated]).when(select(member, 'province')).thenError().path).toBe('level');
    expect(given([nominated, selected]).when(select()).thenErrorCode()).toBe('EXEMPLAR.ALREADY_SELECTED');
    expect(given([]).when(select()).thenErrorCode()).toBe('EXEMPLAR.NOT_FOUND');
  });

  it('is rejected with a reason while nominated, and then final', () => {
    expect(given([nominated]).when(reject()).thenEvents()).toEqual([rejected]);
    expect(given([nominated]).when(reject(dept)).thenErrorCode()).toBe('EXEMPLAR.ROLE_REQUIRED');
    expect(given([nominated, selected]).when(reject()).thenErrorCode()).toBe('EXEMPLAR.ALREADY_SELECTED');
    expect(given([nominated, rejected]).when(select()).thenErrorCode()).toBe('EXEMPLAR.REJECTED');
    expect(given([nominated, rejected]).when(reject()).thenErrorCode()).toBe('EXEMPLAR.REJECTED');
  });

  it('records recognition from above only for a selected exemplar (409 otherwise)', () => {
    expect(given([nominated, selected]).when(recognize('province')).thenEvents()).toEqual([recognized('province')]);
    expect(given([nominated]).when(recognize('province')).thenError().kind).toBe('conflict');
    expect(given([nominated]).when(recognize('province')).thenErrorCode()).toBe('EXEMPLAR.NOT_SELECTED');
    expect(given([nominated, rejected]).when(recognize('national')).thenErrorCode()).toBe('EXEMPLAR.REJECTED');
    expect(given([nominated, selected]).when(recognize('province', member)).thenErrorCode()).toBe('EXEMPLAR.ROLE_REQUIRED');
    expect(given([nominated, selected]).when(recognize('city')).thenError().path).toBe('level');
    expect(
      given([nominated, selected])
        .when(recognize('province', office, 'yesterday'))
        .thenError().path,
    ).toBe('at');
    expect(
      given([nominated, selected, recognized('province')])
        .when(recognize('province'))
        .thenErrorCode(),
    ).toBe('EXEMPLAR.ALREADY_RECOGNIZED');
  });

  it('keeps the highest level reached, whatever order recognitions come in', () => {
    const fold = (events: ExemplarEvent[]) => events.reduce(exemplarDecider.evolve, exemplarDecider.initialState());
    expect(fold([nominated])!.level).toBeNull();
    expect(fold([nominated, selected])!.level).toBe('city');
    expect(fold([nominated, selected, recognized('province')])!.level).toBe('province');
    expect(fold([nominated, selected, recognized('national'), recognized('province', 'national')])!.level).toBe('national');
    expect(
      given([nominated, selected, recognized('national')])
        .when(recognize('province'))
        .thenEvents(),
    ).toEqual([recognized('province', 'national')]);
  });
});
