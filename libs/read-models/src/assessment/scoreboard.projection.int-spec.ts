import { randomUUID } from 'node:crypto';
import type { ScoreItem } from '#domain';
import { specAssessmentRules } from '#domain/testing';
import { useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { scoreboardProjection } from './scoreboard.projection.js';
import { scoreYear, unitScoreOf } from './scoreboard.queries.js';

// A seeded year (2025) whose expected scores are worked out by hand below, rule by rule.

// The default rules under the version the answers are checked to report.
const RULES = { ...specAssessmentRules(), version: '2026.1' };
const AS_OF = '2025-11-30T00:00:00.000Z';
const SH = 'Asia/Shanghai';

const h = useProjectionHarness('scoreboard-');
const revisions = new Map<string, number>();
async function append(stream: string, type: string, data: Record<string, unknown>): Promise<{ stream: string; revision: number }> {
  const revision = (revisions.get(stream) ?? -1) + 1;
  revisions.set(stream, revision);
  await h.store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata: {} }], {
    expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
  });
  return { stream, revision };
}
const iso = (s: string) => new Date(s).toISOString();

async function task(id: string, unit: string, deadline: string, then: Array<[string, string]> = []) {
  const registered = await append(`task-${id}`, 'TaskRegistered', {
    taskId: id,
    title: `任务${id}`,
    area: 'livelihood',
    specialGroup: 'sg',
    leadUnit: unit,
    responsible: 'r',
    evaluationStandard: 's',
    deadline: iso(deadline),
    milestones: [],
    keyPoint: null,
    registeredBy: 'office',
    registeredAt: '2025-01-02T00:00:00.000Z',
  });
  const refs = [registered];
  for (const [kind, at] of then) {
    if (kind === 'accept')
      refs.push(await append(`task-${id}`, 'TaskAccepted', { taskId: id, comment: null, acceptedBy: 'office', acceptedAt: iso(at) }));
    if (kind === 'cancel') {
      refs.push(
        await append(`task-${id}`, 'TaskCancelled', {
          taskId: id,
          reason: 'r',
          previousStatus: 'planned',
          cancelledBy: 'office',
          cancelledAt: iso(at),
        }),
      );
    }
    if (kind.startsWith('deadline:')) {
      refs.push(
        await append(`task-${id}`, 'TaskDeadlineChanged', {
          taskId: id,
          previousDeadline: iso(deadline),
          deadline: iso(kind.slice(9)),
          reason: 'r',
          changedBy: 'office',
          changedAt: iso(at),
        }),
      );
    }
  }
  return refs;
}

async function finding(
  inspection: string,
  id: string,
  unit: string,
  due: string,
  verifications: Array<['accepted' | 'rejected', string]> = [],
) {
  const stream = `inspection-${inspection}`;
  const base = { inspectionId: inspection, findingId: id, responsibleUnit: unit };
  const recorded = await append(stream, 'FindingRecorded', {
    ...base,
    targetUnit: unit,
    description: `问题${id}`,
    severity: 'medium',
    rectificationDue: iso(due),
    recordedBy: 'insp',
    recordedAt: '2025-01-02T00:00:00.000Z',
  });
  const refs = [recorded];
  for (const [outcome, at] of verifications) {
    refs.push(
      await append(stream, 'RectificationVerified', {
        ...base,
        severity: 'medium',
        outcome,
        comment: 'c',
        verifiedBy: 'insp',
        verifiedAt: iso(at),
      }),
    );
  }
  return refs;
}

async function item(meeting: string, id: string, unit: string, deadline: string, completedAt?: string) {
  const stream = `meeting-${meeting}`;
  const added = await append(stream, 'ItemAdded', {
    meetingId: meeting,
    itemId: id,
    title: `事项${id}`,
    owner: 'o',
    ownerUnit: unit,
    deadline: iso(deadline),
    deadlineVersion: 1,
    decisionId: null,
    addedBy: 'office',
    addedAt: '2025-01-03T00:00:00.000Z',
  });
  if (completedAt)
    await append(stream, 'ItemCompleted', {
      meetingId: meeting,
      itemId: id,
      owner: 'o',
      ownerUnit: unit,
      note: 'n',
      completedBy: 'o',
      completedAt: iso(completedAt),
    });
  return added;
}

async function exemplar(id: string, unit: string, steps: Array<['select' | 'province' | 'national' | 'reject', string]>) {
  const stream = `exemplar-${id}`;
  await append(stream, 'ExemplarNominated', {
    exemplarId: id,
    title: `典型${id}`,
    unit,
    year: 2025,
    summary: 's',
    taskIds: [],
    nominatedBy: 'office',
    nominatedAt: '2025-02-01T00:00:00.000Z',
  });
  const refs = [];
  for (const [step, at] of steps) {
    if (step === 'select')
      refs.push(
        await append(stream, 'ExemplarSelected', {
          exemplarId: id,
          unit,
          year: 2025,
          level: 'city',
          comment: null,
          selectedBy: 'm',
          selectedAt: iso(at),
        }),
      );
    if (step === 'reject')
      refs.push(
        await append(stream, 'ExemplarRejected', { exemplarId: id, unit, year: 2025, reason: 'r', rejectedBy: 'm', rejectedAt: iso(at) }),
      );
    if (step === 'province' || step === 'national') {
      refs.push(
        await append(stream, 'ExemplarRecognized', {
          exemplarId: id,
          unit,
          year: 2025,
          recognizedLevel: step,
          level: step,
          by: 'b',
          reference: 'ref',
          at: iso(at),
          recordedBy: 'office',
          recordedAt: iso(at),
        }),
      );
    }
  }
  return refs;
}

async function evaluation(id: string, subject: { kind: string; id: string }, rating: string, acceptedAt: string) {
  const stream = `evaluation-${id}`;
  const common = { evaluationId: id, subject, year: 2025, evaluatorUnit: 'org' };
  await append(stream, 'EvaluationCommissioned', {
    ...common,
    due: '2025-09-30T00:00:00.000Z',
    commissionedBy: 'office',
    commissionedAt: '2025-03-01T00:00:00.000Z',
  });
  await append(stream, 'EvaluationReported', {
    ...common,
    rating,
    score: null,
    summary: 's',
    reportRef: 'r',
    reportedBy: 'e',
    reportedAt: '2025-09-01T00:00:00.000Z',
  });
  return append(stream, 'EvaluationAccepted', { ...common, rating, comment: null, acceptedBy: 'office', acceptedAt: iso(acceptedAt) });
}

const cited = (items: ScoreItem[]) => items.map((i) => `${i.rule} ${i.points} ${i.stream}@${i.revision}`).sort();

describe('scoreboard over a seeded year, scores worked out by hand', () => {
  it('applies every rule, the bonus cap, the floor, and asOf', async () => {
    // Unit A: a deduction under every rule.
    const [a1] = await task('a1', 'unit-a', '2025-03-31T18:00:00+08:00', [['accept', '2025-04-10T10:00:00+08:00']]); // accepted late: −2
    // cancelled before the deadline: not counted
    await task('a2', 'unit-a', '2025-06-30T18:00:00+08:00', [['cancel', '2025-06-01T10:00:00+08:00']]);
    await task('a3', 'unit-a', '2025-05-31T18:00:00+08:00', [['accept', '2025-05-20T10:00:00+08:00']]); // accepted in time: not counted
    // cancelled after it: −2
    const [a4] = await task('a4', 'unit-a', '2025-07-31T18:00:00+08:00', [['cancel', '2025-08-15T10:00:00+08:00']]);
    // Moved on 15 January (before the first deadline) to 30 September, accepted on 1 September: in time.
    await task('a5', 'unit-a', '2025-02-01T18:00:00+08:00', [
      ['deadline:2025-09-30T18:00:00+08:00', '2025-01-15T10:00:00+08:00'],
      ['accept', '2025-09-01T10:00:00+08:00'],
    ]);
    // 2024-12-31T17:00Z is 1 January 2025, 01:00 in Beijing: a 2025 deadline, never accepted: −2.
    const [a6] = await task('a6', 'unit-a', '2024-12-31T17:00:00Z');
    // Due 1 April, rejected on 10 April (−1), closed on 20 April: 19 days late = 3 started weeks: −3.
    const [fa1, fa1Rejected] = await finding('ia', 'fa1', 'unit-a', '2025-04-01T00:00:00Z', [
      ['rejected', '2025-04-10T00:00:00Z'],
      ['accepted', '2025-04-20T00:00:00Z'],
    ]);
    // Due 1 October, still open at asOf (30 November): 60 days = 9 started weeks = −9, capped at −5.
    const [fa2] = await finding('ia', 'fa2', 'unit-a', '2025-10-01T00:00:00Z');
    const ia1 = await item('ma', 'ia1', 'unit-a', '2025-05-01T00:00:00Z', '2025-05-10T00:00:00Z'); // done 9 days late: −1
    await item('ma', 'ia2', 'unit-a', '2025-05-01T00:00:00Z', '2025-04-28T00:00:00Z'); // done in time: not counted
    const evA = await evaluation('ea', { kind: 'unit', id: 'unit-a' }, 'poor', '2025-10-01T00:00:00Z'); // −3
    // a task unit A leads: 0, but it touches A
    const evA1 = await evaluation('ea1', { kind: 'task', id: 'a1' }, 'fair', '2025-10-02T00:00:00Z');

    // Unit B: 20 + 5 + 3 = 28 earned, capped at 20; one overdue task −2.
    const b1 = await exemplar('b1', 'unit-b', [
      ['select', '2025-03-01T00:00:00Z'],
      ['province', '2025-05-01T00:00:00Z'],
      ['national', '2025-08-01T00:00:00Z'],
    ]);
    const b2 = await exemplar('b2', 'unit-b', [['select', '2025-03-02T00:00:00Z']]);
    await exemplar('b3', 'unit-b', [['reject', '2025-03-03T00:00:00Z']]); // rejected: nothing
    const evB = await evaluation('eb', { kind: 'unit', id: 'unit-b' }, 'excellent', '2025-10-03T00:00:00Z');
    const [b4] = await task('b4', 'unit-b', '2025-06-30T18:00:00+08:00');

    // Unit C: 21 findings each 9+ weeks late (−5 each, −105): the total stops at the floor, 0.
    for (let i = 0; i < 21; i++) await finding('ic', `fc${i}`, 'unit-c', '2025-01-10T00:00:00Z');

    // Unit D: a good evaluation of a task it leads (+1); its task is not due until 2026.
    await task('d1', 'unit-d', '2026-06-30T18:00:00+08:00');
    const evD = await evaluation('ed', { kind: 'task', id: 'd1' }, 'good', '2025-10-04T00:00:00Z');
    // After asOf: an exemplar selected and an evaluation accepted in December count for nobody yet.
    await exemplar('d2', 'unit-d', [['select', '2025-12-05T00:00:00Z']]);
    await evaluation('ed2', { kind: 'unit', id: 'unit-d' }, 'excellent', '2025-12-06T00:00:00Z');
    // A special group is not a unit: its evaluation scores nobody.
    await evaluation('esg', { kind: 'special_group', id: 'sg-1' }, 'excellent', '2025-10-05T00:00:00Z');

    const runner = await h.runner(scoreboardProjection, 'scoreboard.sqlite');
    const result = scoreYear(runner.db, RULES, 2025, AS_OF, SH);

    expect(result.board).toEqual({
      year: 2025,
      asOf: AS_OF,
      rulesVersion: '2026.1',
      units: [
        { unit: 'unit-b', rank: 1, base: 100, deductions: 2, bonus: 20, total: 118 }, // 100 − 2 + min(28, 20)
        { unit: 'unit-d', rank: 2, base: 100, deductions: 0, bonus: 1, total: 101 },
        // 2+2+2 tasks, 3+5 findings, 1 rejection, 1 item, 3 evaluation
        { unit: 'unit-a', rank: 3, base: 100, deductions: 19, bonus: 0, total: 81 },
        { unit: 'unit-c', rank: 4, base: 100, deductions: 105, bonus: 0, total: 0 },
      ],
    });

    const a = unitScoreOf(result, RULES, 'unit-a');
    expect(a).toMatchObject({ deductions: 19, bonusEarned: 0, bonus: 0, total: 81 });
    expect(cited(a.items)).toEqual(
      [
        `task.overdue -2 ${a1!.stream}@${a1!.revision}`,
        `task.overdue -2 ${a4!.stream}@${a4!.revision}`,
        `task.overdue -2 ${a6!.stream}@${a6!.revision}`,
        `finding.overdue -3 ${fa1!.stream}@${fa1!.revision}`,
        `finding.overdue -5 ${fa2!.stream}@${fa2!.revision}`,
        `finding.rejected -1 ${fa1Rejected!.stream}@${fa1Rejected!.revision}`,
        `action_item.overdue -1 ${ia1.stream}@${ia1.revision}`,
        `evaluation -3 ${evA.stream}@${evA.revision}`,
        `evaluation 0 ${evA1.stream}@${evA1.revision}`,
      ].sort(),
    );
    expect(a.items.find((i) => i.rule === 'finding.overdue' && i.points === -3)!.reason).toContain('逾期 3 周');
    expect(a.items.find((i) => i.rule === 'finding.overdue' && i.points === -5)!.reason).toContain('逾期 9 周');

    const b = unitScoreOf(result, RULES, 'unit-b');
    expect(b).toMatchObject({ deductions: 2, bonusEarned: 28, bonus: 20, total: 118 });
    // The national recognition is the event cited for b1, the selection for b2.
    expect(cited(b.items)).toEqual(
      [
        `exemplar 20 ${b1[2]!.stream}@${b1[2]!.revision}`,
        `exemplar 5 ${b2[0]!.stream}@${b2[0]!.revision}`,
        `evaluation 3 ${evB.stream}@${evB.revision}`,
        `task.overdue -2 ${b4!.stream}@${b4!.revision}`,
      ].sort(),
    );
    expect(unitScoreOf(result, RULES, 'unit-c')).toMatchObject({
      deductions: 105,
      total: 0,
      items: expect.arrayContaining([expect.objectContaining({ points: -5 })]),
    });
    expect(cited(unitScoreOf(result, RULES, 'unit-d').items)).toEqual([`evaluation 1 ${evD.stream}@${evD.revision}`]);
    // A unit no rule touched: base points, no items.
    expect(unitScoreOf(result, RULES, 'unit-z')).toMatchObject({ total: 100, items: [] });

    // As of 15 April: only a1 (−2), a6 (−2), fa1 two weeks late (−2) and its rejection (−1) count
    // for A; B has its selections (5 + 5, the province recognition comes in May) and no overdue task yet.
    const april = scoreYear(runner.db, RULES, 2025, '2025-04-15T00:00:00.000Z', SH);
    expect(april.board.units).toEqual([
      { unit: 'unit-b', rank: 1, base: 100, deductions: 0, bonus: 10, total: 110 },
      { unit: 'unit-a', rank: 2, base: 100, deductions: 7, bonus: 0, total: 93 },
      { unit: 'unit-c', rank: 3, base: 100, deductions: 105, bonus: 0, total: 0 }, // 95 days = 14 weeks, already capped at −5 each
    ]);
  });

  it('keeps the calendar date of a deadline given as a day, and the reason shows that day', async () => {
    // As the deciders record `2025-06-30` in Beijing: the end of that day, and the date.
    const day = { at: '2025-06-30T15:59:59.999Z', date: '2025-06-30' };
    const registered = await append('task-day', 'TaskRegistered', {
      taskId: 'day',
      title: '按日期的任务',
      area: 'livelihood',
      specialGroup: 'sg',
      leadUnit: 'unit-day',
      responsible: 'r',
      evaluationStandard: 's',
      deadline: day.at,
      deadlineDate: day.date,
      milestones: [],
      registeredBy: 'office',
      registeredAt: '2025-01-02T00:00:00.000Z',
    });
    const instant = '2025-03-31T10:00:00.000Z';
    await append('inspection-day', 'FindingRecorded', {
      inspectionId: 'day',
      findingId: 'f',
      responsibleUnit: 'unit-day',
      targetUnit: 'unit-day',
      description: '按时间的问题',
      severity: 'medium',
      rectificationDue: instant,
      recordedBy: 'insp',
      recordedAt: '2025-01-02T00:00:00.000Z',
    });
    await append('inspection-day', 'RectificationDueExtended', {
      inspectionId: 'day',
      findingId: 'f',
      responsibleUnit: 'unit-day',
      previousDue: instant,
      due: day.at,
      dueDate: day.date,
      reason: 'r',
      extension: 1,
      extendedBy: 'insp',
      extendedAt: '2025-03-01T00:00:00.000Z',
    });

    const runner = await h.runner(scoreboardProjection, 'scoreboard.sqlite');
    const docs = runner.db.prepare('SELECT key, doc FROM score_subjects ORDER BY key').all() as Array<{ key: string; doc: string }>;
    const facts = Object.fromEntries(
      docs.map((r) => [r.key, JSON.parse(r.doc) as Record<string, Array<{ at: string; date: string | null }>>]),
    );
    expect(facts['task:day']!['deadlines']!.map(({ at, date }) => ({ at, date }))).toEqual([day]);
    expect(facts['finding:day/f']!['dues']!.map(({ at, date }) => ({ at, date }))).toEqual([{ at: instant, date: null }, day]);

    const items = unitScoreOf(scoreYear(runner.db, RULES, 2025, AS_OF, SH), RULES, 'unit-day').items;
    expect(items.map((i) => [i.stream, i.revision, i.reason])).toEqual([
      [registered.stream, registered.revision, '牵头任务「按日期的任务」未在期限（2025-06-30）前通过验收'],
      ['inspection-day', 1, '督察问题「按时间的问题」整改逾期 22 周（应于 2025-06-30 前整改，尚未销号）'],
    ]);
  });

  it('replaying the events changes nothing', async () => {
    await task('r1', 'unit-r', '2025-03-31T18:00:00+08:00', [['accept', '2025-04-10T10:00:00+08:00']]);
    await finding('ir', 'fr', 'unit-r', '2025-04-01T00:00:00Z', [['rejected', '2025-04-10T00:00:00Z']]);
    await exemplar('xr', 'unit-r', [['select', '2025-03-01T00:00:00Z']]);
    await h.expectReplayChangesNothing(scoreboardProjection, 'scoreboard.sqlite', (db) =>
      db.prepare('SELECT * FROM score_subjects ORDER BY key').all(),
    );
  });
});
