import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { SequenceCommand } from './sequence.commands.js';
import { sequenceDecider } from './sequence.decider.js';
import type { SequenceEvent } from './sequence.events.js';
import { numberOf, yearlySequence, yearOfSequence } from './sequence.state.js';

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const T0 = '2026-03-01T00:00:00.000Z';
const meta: CommandMetadata = { actor: office, now: T0 };
const given = specFor(sequenceDecider);

const assigned = (number: number, subjectId: string): SequenceEvent => ({
  type: 'NumberAssigned',
  data: { sequence: 'urging.2026', number, subjectId, assignedAt: T0 },
});
const assign = (subjectId: string): SequenceCommand => ({
  type: 'AssignNumber',
  data: { sequence: 'urging.2026', subjectId },
  metadata: meta,
});

describe('sequence decider', () => {
  it('gives the first subject number 1', () => {
    expect(given([]).when(assign('u1')).thenEvents()).toEqual([assigned(1, 'u1')]);
  });

  it('gives the next subject one more than the last', () => {
    expect(
      given([assigned(1, 'u1'), assigned(2, 'u2')])
        .when(assign('u3'))
        .thenEvents(),
    ).toEqual([assigned(3, 'u3')]);
  });

  it('gives a subject that already has its number nothing new', () => {
    expect(
      given([assigned(1, 'u1'), assigned(2, 'u2')])
        .when(assign('u1'))
        .thenEvents(),
    ).toEqual([]);
  });

  it('starts after the numbers taken outside the stream, and only while the stream is behind them', () => {
    const after = (subjectId: string, startAfter: number): SequenceCommand => ({
      type: 'AssignNumber',
      data: { sequence: 'urging.2026', subjectId, startAfter },
      metadata: meta,
    });
    expect(given([]).when(after('t1', 3)).thenEvents()).toEqual([assigned(4, 't1')]);
    expect(
      given([assigned(4, 't1')])
        .when(after('t2', 3))
        .thenEvents(),
    ).toEqual([assigned(5, 't2')]);
  });

  it('refuses a blank subject, naming the field', () => {
    const error = given([]).when(assign(' ')).thenError();
    expect([error.code, error.kind, error.path]).toEqual(['SEQUENCE.SUBJECT_REQUIRED', 'invalid', 'subjectId']);
  });

  it('knows each subject’s number', () => {
    const state = fold(sequenceDecider, [assigned(1, 'u1'), assigned(2, 'u2')]);
    expect([numberOf(state, 'u2'), numberOf(state, 'u9'), state.last]).toEqual([2, null, 2]);
  });

  it('names yearly sequences and reads them back', () => {
    expect(yearlySequence('urging', 2026)).toBe('urging.2026');
    expect(yearOfSequence('task.2027')).toEqual({ kind: 'task', year: 2027 });
    expect(yearOfSequence('other')).toBeNull();
  });
});
