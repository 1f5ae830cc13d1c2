import {
  AREAS,
  calendarYearSpan,
  DEFAULT_DUE_CALENDAR,
  DEFAULT_TIME_ZONE,
  rollUpTaskParts,
  taskDeciderFor,
  taskReporting,
  type Task,
  type DomainActor,
  type TaskCommand,
} from '#domain';
import { decideOrRefused, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { seededRandom, type SeededRandom } from '../testing/seeded-random.fixture.js';
import { taskLedgerProjection, taskLedgerProjectionFor } from './task-ledger.projection.js';
import { countLightsBy, rollUpLedgerParts, specialGroupsInLedger } from './ledger-rollup.queries.js';
import { listTasks, listTasksJson } from './task-ledger.queries.js';
import { summarizeTasks } from './task-summary.queries.js';
import { unitTalliesFromRollup } from './task.rollup.js';
import { summarizeTasksInSteps } from './task-summary-steps.js';

// The live summary's roll-up on real SQLite against the scan it replaces: random ledgers
// written through the real command path, then both asked at many moments — each task's own
// deadline, milestone and acknowledgement instants and the millisecond around them, the minute
// slots' edges and midnight in DISPLAY_TIMEZONE (Asia/Shanghai, 16:00 UTC), where reporting
// periods end (weeks, and February into March).

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const iso = (ms: number) => new Date(ms).toISOString();
/** Midnight of 2026-03-01 in the display zone. */
const MIDNIGHT = calendarYearSpan(2026, ZONE).fromMs + 59 * DAY;
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };

const harness = useProjectionHarness('task-rollup-');
const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR, { acknowledgeWindowMs: 2 * DAY });

/** Instants near midnight in the zone and near minute edges, some days apart: where slot arithmetic could slip. */
function instant(r: SeededRandom): number {
  const day = MIDNIGHT + (r.int(21) - 10) * DAY;
  return r.pick([day, day - 1, day + 1, day + 60_000 * r.int(5), day - HOUR * r.int(30), day + r.int(DAY), day - 8 * HOUR]);
}

async function ledger(seed: number, tasks: number): Promise<number[]> {
  const r = seededRandom(seed);
  let clock = MIDNIGHT - 12 * DAY;
  const instants: number[] = [];
  const run = async (command: Omit<TaskCommand, 'metadata'>, actor: DomainActor = office) => {
    clock += 1 + r.int(20_000);
    await decideOrRefused(harness.store, `task-${(command.data as { taskId: string }).taskId}`, decider, command, actor, iso(clock));
  };
  for (let i = 0; i < tasks; i++) {
    const taskId = `t${seed}-${i}`;
    const unit = `unit-${r.int(4)}`;
    const deadline = instant(r);
    const milestones = Array.from({ length: r.int(3) }, (_, m) => ({
      milestoneId: `${taskId}-m${m}`,
      title: `step ${m}`,
      due: iso(Math.min(deadline, instant(r))),
    }));
    instants.push(deadline, clock + 2 * DAY, ...milestones.map((m) => Date.parse(m.due)));
    await run({
      type: 'RegisterTask',
      data: {
        taskId,
        title: `Task ${i}`,
        area: r.pick(AREAS),
        specialGroup: `group-${r.int(3)}`,
        specialGroupRegistered: true,
        leadUnit: unit,
        responsible: 'Li Na',
        evaluationStandard: 'Measurable',
        deadline: iso(deadline),
        milestones,
        // Reporting cycles (报送周期): reports owed from the registration's week or month.
        ...(r.next() < 0.5 ? { reportEvery: r.pick(['weekly', 'monthly'] as const) } : {}),
      },
    });
    const dept: DomainActor = { id: `dept-${unit}`, roles: ['department'], unit };
    let request = '';
    for (let k = r.int(5); k > 0; k--) {
      const c = r.int(10);
      if (c < 3) await run({ type: 'ReportProgress', data: { taskId, percent: r.int(101), note: 'progress' } });
      else if (c === 3 && milestones.length > 0)
        await run({ type: 'CompleteMilestone', data: { taskId, milestoneId: r.pick(milestones).milestoneId } });
      else if (c === 4) await run({ type: 'ChangeTaskDeadline', data: { taskId, deadline: iso(instant(r)), reason: 'moved' } });
      else if (c === 5) await run({ type: 'SubmitTaskCompletion', data: { taskId, evidence: 'done' } });
      else if (c === 6) await run({ type: 'AcceptTask', data: { taskId } });
      else if (c === 7 && r.next() < 0.5) await run({ type: 'CancelTask', data: { taskId, reason: 'merged' } });
      else if (c === 7) await run({ type: 'SetTaskReporting', data: { taskId, every: r.pick(['weekly', 'monthly', 'none'] as const) } });
      else if (c === 8) {
        // An extension request (pending ones are counted); approved or rejected by a later step.
        request = `${taskId}-x${k}`;
        await run(
          {
            type: 'RequestTaskExtension',
            data: { taskId, requestId: request, deadline: iso(deadline + (1 + r.int(30)) * DAY), reason: 'more time' },
          },
          dept,
        );
      } else if (c === 9 && request !== '') {
        if (r.next() < 0.5) await run({ type: 'ApproveTaskExtension', data: { taskId, requestId: request } });
        else await run({ type: 'RejectTaskExtension', data: { taskId, requestId: request, reason: 'no' } });
      } else await run({ type: 'AcknowledgeTask', data: { taskId } }, dept);
    }
  }
  return instants;
}

/** The moments asked: each instant and the millisecond before and after it, minute edges, midnights in the zone. */
function moments(instants: number[]): number[] {
  const out = new Set<number>();
  for (const t of instants) for (const d of [-1, 0, 1, 7 * DAY, -7 * DAY, -7 * DAY + 1]) out.add(t + d);
  for (let d = -12; d <= 12; d++) for (const e of [-60_001, -1, 0, 1, 59_999, 60_000]) out.add(MIDNIGHT + d * DAY + e);
  return [...out].sort((a, b) => a - b);
}

describe('task summary roll-up', () => {
  it.each([1, 2, 3])('answers the live summary exactly as the scan of the ledger, at every moment asked (seed %i)', async (seed) => {
    const instants = await ledger(seed, 40);
    const runner = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const docs = (runner.db.prepare('SELECT doc FROM tasks WHERE doc IS NOT NULL').pluck().all() as string[]).map(
      (d) => JSON.parse(d) as Task,
    );
    const settled = Math.max(...docs.map((d) => Date.parse(d.updatedAt)));
    const seen = { red: 0, yellow: 0, green: 0, overdue: 0, accepted: 0, reportOverdue: 0, pendingExtensions: 0, listed: 0 };
    for (const [i, now] of moments(instants).entries()) {
      const scanned = summarizeTasks(runner.db, now, RULE, { scan: true });
      expect({ now: iso(now), summary: summarizeTasks(runner.db, now, RULE) }).toEqual({ now: iso(now), summary: scanned });
      for (const l of ['red', 'yellow', 'green'] as const) seen[l] += scanned.byLight[l];
      seen.overdue += Object.values(scanned.byUnit).reduce((n, c) => n + c.overdue, 0);
      seen.accepted += scanned.byStatus.accepted + scanned.byStatus.cancelled;
      seen.reportOverdue += scanned.reportOverdue;
      seen.pendingExtensions += scanned.pendingExtensions;
      // One rule: the count, the filter and each list item's `reporting` are the domain's `taskReporting` of the document.
      const domain = docs.map((d) => ({ id: d.id, reporting: taskReporting(d, now, ZONE) }));
      const overdueIds = domain.filter((d) => d.reporting?.overdue).map((d) => d.id);
      expect({ now: iso(now), n: scanned.reportOverdue }).toEqual({ now: iso(now), n: overdueIds.length });
      // A list item counts only the reports made by the moment asked: compared where every report was (a page per 8 moments).
      if (now >= settled && i % 8 === 0) {
        const listed = listTasks(runner.db, { limit: 500 }, now, RULE);
        expect(listed.map((t) => [t.id, t.reporting])).toEqual(domain.map((d) => [d.id, d.reporting]));
        expect(JSON.parse(listTasksJson(runner.db, { limit: 500 }, now, RULE).itemsJson)).toEqual(listed);
        expect(listTasks(runner.db, { limit: 500, reportOverdue: true }, now, RULE).map((t) => t.id)).toEqual(overdueIds);
        seen.listed += listed.filter((t) => t.reporting?.overdue).length;
        // The history keeps report_due_ms: the ledger as of a moment after every event counts the same.
        expect(summarizeTasks(runner.db, now, RULE, { asOf: true }).reportOverdue).toBe(overdueIds.length);
      }
      // A unit's roll-up (GET /units/:code/summary): the domain's arithmetic over the parts, and the lights.
      const units = ['unit-0', 'unit-1', 'unit-2', 'unit-3', 'unit-9'];
      const parts = rollUpLedgerParts(runner.db, 'lead_unit', units, now);
      const lights = countLightsBy(runner.db, 'lead_unit', units, now, RULE);
      const rolled = unitTalliesFromRollup(runner.db, units, now, RULE)!;
      for (const u of units) {
        const { byLight, parts: unitParts, pendingExtensions, reportOverdue } = rolled.get(u)!;
        expect({ u, now, lights: byLight, rollup: rollUpTaskParts(unitParts), pendingExtensions, reportOverdue }).toEqual({
          u,
          now,
          lights: lights.get(u),
          rollup: rollUpTaskParts(parts.get(u) ?? []),
          pendingExtensions: scanned.byUnit[u]?.pendingExtensions ?? 0,
          reportOverdue: scanned.byUnit[u]?.reportOverdue ?? 0,
        });
      }
    }
    // The ledgers are not degenerate: every light, overdue tasks and reports, pending requests and closed tasks occur.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
    expect(specialGroupsInLedger(runner.db)).toEqual(
      runner.db.prepare('SELECT DISTINCT special_group FROM tasks ORDER BY special_group').pluck().all(),
    );
  });

  it('counted area by area with yields in between, a summary as of a moment or of a year equals the one query', async () => {
    const instants = await ledger(4, 40);
    const runner = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const year = { deadlineSpan: calendarYearSpan(2026, ZONE) };
    let counted = 0;
    for (const now of moments(instants).filter((_, i) => i % 5 === 0)) {
      for (const options of [{ asOf: true }, year, { ...year, asOf: true }]) {
        const one = summarizeTasks(runner.db, now, RULE, options);
        expect({ now: iso(now), options, summary: await summarizeTasksInSteps(runner.db, now, RULE, options) }).toEqual({
          now: iso(now),
          options,
          summary: one,
        });
        counted += one.total;
      }
    }
    expect(counted).toBeGreaterThan(0);
  });

  it('is computed again from the documents when the warning window changes, and rebuilt with the projection', async () => {
    const instants = await ledger(4, 25);
    const first = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    await first.close();
    const window = { warningWindowMs: 3 * DAY + 17, timeZone: 'Asia/Shanghai' };
    const changed = await harness.runner(taskLedgerProjectionFor(window, DEFAULT_TIME_ZONE), 'task-ledger.sqlite');
    for (const now of moments(instants))
      expect(summarizeTasks(changed.db, now, window)).toEqual(summarizeTasks(changed.db, now, window, { scan: true }));
    const rebuilt = await harness.runner(taskLedgerProjectionFor(window, DEFAULT_TIME_ZONE), 'rebuilt.sqlite');
    const dump = (db: typeof rebuilt.db) => ({
      counts: db.prepare('SELECT * FROM task_rollup ORDER BY kind, dim, value, status, slot').all(),
      members: db.prepare('SELECT * FROM task_rollup_members ORDER BY id').all(),
    });
    expect(dump(rebuilt.db)).toEqual(dump(changed.db));
    await harness.expectReplayChangesNothing(taskLedgerProjectionFor(window, DEFAULT_TIME_ZONE), 'rebuilt.sqlite', dump);
  });
});
