import { randomUUID } from 'node:crypto';
import { specAssessmentRules } from '#domain/testing';
import { useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { seededRandom } from '../testing/seeded-random.fixture.js';
import { scoreboardProjectionFor } from './scoreboard.projection.js';
import { hasScoreRollup, maintainedScoreboard, type ScoringSetup } from './scoreboard.rollup.js';
import { scoreYear } from './scoreboard.queries.js';

// The maintained board (sums of stored stretches) against the domain's rules asked per request
// over every subject of the year, on random ledgers, at many instants.

const SH = 'Asia/Shanghai';
const RULES = specAssessmentRules({
  'urging.unanswered': { points: -1 },
  'instruction.late': { points: -2 },
  'extension.after_deadline': { deadline: 'old', points: -3 },
});
const SETUP: ScoringSetup = { rules: RULES, timeZone: SH };
const h = useProjectionHarness('scoreboard-rollup-');

/** The seeded generator, with times in the scored span (each one remembered, to ask the boards at). */
function random(seed: number) {
  const r = seededRandom(seed);
  const from = Date.parse('2024-12-01T00:00:00Z');
  const span = Date.parse('2026-02-01T00:00:00Z') - from;
  // Times on a minute or a day boundary half the time: the instants where stretches start and end.
  const generated: string[] = [];
  const time = () => {
    const t = from + r.int(span);
    const snapped = r.int(3) === 0 ? t - (t % 86_400_000) : r.int(2) === 0 ? t - (t % 60_000) : t;
    generated.push(new Date(snapped).toISOString());
    return generated[generated.length - 1]!;
  };
  return { ...r, time, generated };
}

async function seedLedger(seed: number): Promise<string[]> {
  const r = random(seed);
  const units = ['u1', 'u2', 'u3', 'u4', 'u5'];
  const revisions = new Map<string, number>();
  const times: string[] = [];
  const append = async (stream: string, type: string, data: Record<string, unknown>, at: string) => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    times.push(at);
    await h.store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata: {} }], {
      expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
    });
  };
  const tasks: string[] = [];
  for (let i = 0; i < 40; i++) {
    const taskId = `t${i}`;
    const unit = r.pick(units);
    let deadline = r.time();
    tasks.push(taskId);
    // A third report monthly, weekly or quarterly from registration (task.report_missed).
    const reportEvery = r.int(3) === 0 ? { reportEvery: r.pick(['weekly', 'monthly', 'quarterly']) } : {};
    await append(
      `task-${taskId}`,
      'TaskRegistered',
      { taskId, title: `任务${i}`, leadUnit: unit, deadline, registeredAt: r.time(), ...reportEvery },
      r.time(),
    );
    for (let k = r.int(6); k > 0; k--) {
      const at = r.time();
      const kind = r.int(7);
      if (kind === 0) await append(`task-${taskId}`, 'TaskAccepted', { taskId, acceptedAt: at }, at);
      else if (kind === 1) await append(`task-${taskId}`, 'TaskCancelled', { taskId, cancelledAt: at }, at);
      else if (kind === 5) await append(`task-${taskId}`, 'TaskProgressReported', { taskId, reportedAt: at }, at);
      else if (kind === 6) {
        const every = r.pick(['weekly', 'monthly', 'quarterly', 'none']);
        await append(`task-${taskId}`, 'TaskReportingSet', { taskId, every, setAt: at }, at);
      } else if (kind === 2) {
        const next = r.time();
        await append(`task-${taskId}`, 'TaskDeadlineChanged', { taskId, previousDeadline: deadline, deadline: next, changedAt: at }, at);
        deadline = next;
      } else {
        const next = r.time();
        await append(`task-${taskId}`, 'TaskExtensionApproved', { taskId, previousDeadline: deadline, deadline: next, approvedAt: at }, at);
        deadline = next;
      }
    }
  }
  for (let i = 0; i < 30; i++) {
    const base = { inspectionId: `i${i % 4}`, findingId: `f${i}`, responsibleUnit: r.pick(units) };
    const stream = `inspection-${base.inspectionId}`;
    const recordedAt = r.time();
    await append(stream, 'FindingRecorded', { ...base, description: `问题${i}`, rectificationDue: r.time(), recordedAt }, recordedAt);
    for (let k = r.int(4); k > 0; k--) {
      const at = r.time();
      if (r.int(3) === 0) await append(stream, 'RectificationDueExtended', { ...base, due: r.time(), extendedAt: at }, at);
      else await append(stream, 'RectificationVerified', { ...base, outcome: r.pick(['accepted', 'rejected']), verifiedAt: at }, at);
    }
  }
  for (let i = 0; i < 15; i++) {
    const base = { meetingId: 'm', itemId: `a${i}` };
    const addedAt = r.time();
    await append('meeting-m', 'ItemAdded', { ...base, title: `事项${i}`, ownerUnit: r.pick(units), deadline: r.time(), addedAt }, addedAt);
    const at = r.time();
    const then = r.int(4);
    if (then === 0) await append('meeting-m', 'ItemCompleted', { ...base, completedAt: at }, at);
    if (then === 1) await append('meeting-m', 'ItemCancelled', { ...base, cancelledAt: at }, at);
    if (then === 2) await append('meeting-m', 'ItemDeadlineChanged', { ...base, deadline: r.time(), changedAt: at }, at);
  }
  for (let i = 0; i < 8; i++) {
    const exemplarId = `x${i}`;
    const year = r.pick([2025, 2026]);
    const nominatedAt = r.time();
    await append(
      `exemplar-${exemplarId}`,
      'ExemplarNominated',
      { exemplarId, title: `典型${i}`, unit: r.pick(units), year, nominatedAt },
      nominatedAt,
    );
    if (r.int(3) > 0) {
      const selectedAt = r.time();
      await append(`exemplar-${exemplarId}`, 'ExemplarSelected', { exemplarId, selectedAt }, selectedAt);
    }
    if (r.int(2) === 0) {
      const recordedAt = r.time();
      const recognizedLevel = r.pick(['province', 'national']);
      await append(`exemplar-${exemplarId}`, 'ExemplarRecognized', { exemplarId, recognizedLevel, recordedAt }, recordedAt);
    }
  }
  for (let i = 0; i < 10; i++) {
    const evaluationId = `e${i}`;
    // Some evaluate a task nobody registered: they score nobody, and are scored per request.
    const subject = r.int(2) === 0 ? { kind: 'unit', id: r.pick(units) } : { kind: 'task', id: r.int(4) === 0 ? 'missing' : r.pick(tasks) };
    const common = { evaluationId, subject, year: r.pick([2025, 2026]) };
    const commissionedAt = r.time();
    await append(`evaluation-${evaluationId}`, 'EvaluationCommissioned', { ...common, commissionedAt }, commissionedAt);
    if (r.int(3) > 0) {
      const acceptedAt = r.time();
      const rating = r.pick(['excellent', 'good', 'fair', 'poor']);
      await append(`evaluation-${evaluationId}`, 'EvaluationAccepted', { ...common, rating, acceptedAt }, acceptedAt);
    }
  }
  for (let i = 0; i < 12; i++) {
    const urgingId = `g${i}`;
    const issuedAt = r.time();
    const replyBy = r.int(5) === 0 ? null : r.time();
    await append(
      `urging-${urgingId}`,
      'UrgingIssued',
      { urgingId, taskTitle: `任务${i}`, leadUnit: r.pick(units), replyBy, issuedAt },
      issuedAt,
    );
    if (r.int(2) === 0) {
      const repliedAt = r.time();
      await append(`urging-${urgingId}`, 'UrgingReplied', { urgingId, late: r.int(2) === 0, repliedAt }, repliedAt);
    }
  }
  for (let i = 0; i < 12; i++) {
    const instructionId = `n${i}`;
    const givenAt = r.time();
    const subject = { unit: r.int(6) === 0 ? null : r.pick(units) };
    const respondBy = r.int(5) === 0 ? null : r.time();
    await append(
      `instruction-${instructionId}`,
      'InstructionGiven',
      { instructionId, text: `批示${i}`, subject, respondBy, givenAt },
      givenAt,
    );
    if (r.int(2) === 0) {
      const respondedAt = r.time();
      await append(`instruction-${instructionId}`, 'InstructionResponded', { instructionId, respondedAt }, respondedAt);
    }
    if (r.int(3) === 0) {
      const closedAt = r.time();
      await append(`instruction-${instructionId}`, 'InstructionClosed', { instructionId, closedAt }, closedAt);
    }
  }
  // Every time drawn: the events' and the deadlines', due and reply dates', where stretches start and end.
  return [...times, ...r.generated];
}

/** The instants asked: random ones, every event's time and the milliseconds around it, and far after. */
function instants(seed: number, times: string[]): string[] {
  const r = random(seed + 1000);
  const out = new Set<string>(['2027-06-01T00:00:00.000Z']);
  for (let i = 0; i < 40; i++) out.add(r.time());
  for (const t of times.filter((_, i) => i % 4 === 0)) {
    // Around each: the same millisecond, minute and hour (the roll-up's finest grains), and a week on.
    for (const d of [-1, 0, 1, 2, 30_000, 1_800_000, 7 * 86_400_000 + 1]) out.add(new Date(Date.parse(t) + d).toISOString());
  }
  return [...out];
}

describe('the maintained scoreboard equals the rules asked per request', () => {
  it.each([1, 2, 3])('over a random ledger (seed %i), in every year, at many instants', async (seed) => {
    const times = await seedLedger(seed);
    const runner = await h.runner(scoreboardProjectionFor(SETUP), 'scoreboard.sqlite');
    expect(hasScoreRollup(runner.db, SETUP)).toBe(true);
    let compared = 0;
    let missedReports = 0;
    for (const year of [2024, 2025, 2026]) {
      for (const asOf of instants(seed, times)) {
        const scored = scoreYear(runner.db, RULES, year, asOf, SH);
        const expected = scored.board;
        expect({ year, asOf, board: maintainedScoreboard(runner.db, SETUP, year, asOf) }).toEqual({ year, asOf, board: expected });
        if (expected.units.length > 0) compared++;
        for (const unit of scored.units.values()) missedReports += unit.items.filter((i) => i.rule === 'task.report_missed').length;
      }
    }
    expect(compared).toBeGreaterThan(50);
    // Reporting cycles were scored too (several missed periods citing one event add up in a stretch).
    expect(missedReports).toBeGreaterThan(20);
  });

  it('keeps the stretches of a task without a reporting cycle through its reports, and counts them once a cycle is set', async () => {
    const at = (d: string) => `2025-${d}T02:00:00.000Z`;
    const append = async (revision: number, type: string, data: Record<string, unknown>) =>
      h.store.appendToStream('task-q', [{ id: randomUUID(), type, data: { taskId: 'q', ...data }, metadata: {} }], {
        expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
      });
    const registration = { title: '任务q', leadUnit: 'u1', deadline: at('03-01'), registeredAt: at('01-02') };
    await append(0, 'TaskRegistered', registration);
    const runner = await h.runner(scoreboardProjectionFor(SETUP), 'scoreboard.sqlite');
    const scoring = () => [
      runner.db
        .prepare(`SELECT year, unit, rule, points, from_ms, until_ms FROM score_stretches WHERE key = 'task:q' ORDER BY rowid`)
        .all(),
      runner.db.prepare(`SELECT year, known_ms FROM score_known WHERE key = 'task:q' ORDER BY year`).all(),
    ];
    const registered = scoring();
    // An overdue task: its deduction is a stretch from its registration's time on.
    expect((registered[0] as unknown[]).length).toBeGreaterThan(0);
    await append(1, 'TaskProgressReported', { percent: 10, note: 'n', reportedBy: 'r', reportedAt: at('04-01') });
    await append(2, 'TaskProgressReported', { percent: 20, note: 'n', reportedBy: 'r', reportedAt: at('05-01') });
    expect(await runner.waitFor((await h.store.headPosition())!, 10_000)).toBe(true);
    // The facts keep the reports (a cycle owed since a named day may count them), the stretches are the same rows.
    const facts = JSON.parse(runner.db.prepare(`SELECT doc FROM score_subjects WHERE key = 'task:q'`).pluck().get() as string);
    expect(facts.reporting.reports.map((r: { at: string }) => r.at)).toEqual([at('04-01'), at('05-01')]);
    expect(scoring()).toEqual(registered);
    for (const asOf of [at('03-15'), at('04-15'), at('05-15'), at('12-31')]) {
      expect(maintainedScoreboard(runner.db, SETUP, 2025, asOf)).toEqual(scoreYear(runner.db, RULES, 2025, asOf, SH).board);
    }
    // Owed monthly since January: months without a report are missed (the reports of April and May count), as the rules say.
    await append(3, 'TaskReportingSet', { every: 'monthly', since: '2025-01-01', setAt: at('06-01') });
    expect(await runner.waitFor((await h.store.headPosition())!, 10_000)).toBe(true);
    expect(scoring()).not.toEqual(registered);
    for (const asOf of [at('06-15'), at('09-15'), at('12-31')]) {
      const scored = scoreYear(runner.db, RULES, 2025, asOf, SH);
      expect(maintainedScoreboard(runner.db, SETUP, 2025, asOf)).toEqual(scored.board);
      const cited = [...scored.units.values()].flatMap((u) => u.items.filter((i) => i.rule === 'task.report_missed'));
      expect(cited.length).toBeGreaterThan(0);
    }
  });

  it('computes the stretches again from the facts when the rules change, and replays change nothing', async () => {
    const times = await seedLedger(7);
    await h.runner(scoreboardProjectionFor(SETUP), 'scoreboard.sqlite').then((r) => r.close());
    const stricter: ScoringSetup = {
      rules: { ...RULES, version: 'stricter', rules: { ...RULES.rules, 'task.overdue': { points: -4 } } },
      timeZone: SH,
    };
    const runner = await h.runner(scoreboardProjectionFor(stricter), 'scoreboard.sqlite');
    expect(hasScoreRollup(runner.db, SETUP)).toBe(false);
    for (const asOf of instants(7, times).slice(0, 60)) {
      expect(maintainedScoreboard(runner.db, stricter, 2025, asOf)).toEqual(scoreYear(runner.db, stricter.rules, 2025, asOf, SH).board);
    }
    await h.expectReplayChangesNothing(scoreboardProjectionFor(stricter), 'replayed.sqlite', (db) => [
      db.prepare('SELECT * FROM score_stretches ORDER BY key, year, rule, from_ms').all(),
      db.prepare('SELECT * FROM score_rollup ORDER BY year, grain, bucket, unit').all(),
      db.prepare('SELECT * FROM score_known ORDER BY key, year').all(),
    ]);
  });
});
