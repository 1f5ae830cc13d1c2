import Database from 'better-sqlite3';
import path from 'node:path';
import {
  DEFAULT_DUE_CALENDAR,
  taskDeciderFor,
  taskReporting,
  type DomainActor,
  type Task,
  type TaskCommand,
  type TaskLightRule,
} from '#domain';
import { decideOrRefused, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { seededRandom } from '../testing/seeded-random.fixture.js';
import { countLightsBy } from './ledger-rollup.queries.js';
import { listTasks } from './task-ledger.queries.js';
import { taskLedgerProjectionFor } from './task-ledger.projection.js';
import { summarizeTasks } from './task-summary.queries.js';

// DISPLAY_TIMEZONE changed between two boots, on real SQLite: a ledger projected in New York and
// reopened in Beijing answers (the live summary's roll-up, the summary as of a moment from the
// history, the lights, the reportOverdue filter) exactly as one projected in Beijing from the
// start, and holds the same rows, without replaying an event. Reporting periods end at midnight
// in the zone, 13 hours apart: a report or a registration in those hours falls in another week
// or month, so the due instants differ (the spec checks that the first boot's answers did).

const NEW_YORK = 'America/New_York';
const BEIJING = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const WINDOW = 7 * DAY;
const ruleIn = (timeZone: string): TaskLightRule => ({ warningWindowMs: WINDOW, timeZone });
const iso = (ms: number) => new Date(ms).toISOString();
/** 31 March 2026 16:00 UTC: midnight of 1 April in Beijing, noon of 31 March in New York. */
const APRIL_BEIJING = Date.parse('2026-03-31T16:00:00.000Z');
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };

const harness = useProjectionHarness('task-zone-');
const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

/** Tasks with cycles (some owed since a day before), reports and cycle changes between Beijing's and New York's midnights. */
async function ledger(seed: number, tasks: number): Promise<number[]> {
  const r = seededRandom(seed);
  const dues: number[] = [];
  // Between the two midnights of a month or week end, or right on one of them.
  const near = () => APRIL_BEIJING + r.pick([-30, -7, -1, 0, 7, 30]) * DAY + r.pick([-HOUR, 0, 1, 6 * HOUR, 12 * HOUR, 13 * HOUR]);
  for (let i = 0; i < tasks; i++) {
    const taskId = `z${seed}-${i}`;
    const unit = `unit-${r.int(3)}`;
    let clock = near() - 40 * DAY;
    const run = async (command: Omit<TaskCommand, 'metadata'>, actor: DomainActor = office) => {
      clock += 1 + r.int(12) * HOUR + r.int(10) * DAY;
      await decideOrRefused(harness.store, `task-${taskId}`, decider, command, actor, iso(clock));
    };
    const every = r.pick(['weekly', 'monthly', 'quarterly'] as const);
    await run({
      type: 'RegisterTask',
      data: {
        taskId,
        title: `Task ${i}`,
        area: 'government_services',
        specialGroup: 'g',
        specialGroupRegistered: true,
        leadUnit: unit,
        responsible: 'Li Na',
        evaluationStandard: 'Measurable',
        deadline: '2027-06-30',
        milestones: [],
        reportEvery: every,
        ...(r.next() < 0.3 ? { reportSince: '2026-01-31' } : {}),
      },
    });
    const dept: DomainActor = { id: `dept-${unit}`, roles: ['department'], unit };
    for (let k = 1 + r.int(4); k > 0; k--) {
      const c = r.int(6);
      if (c < 4) {
        // A report at an instant between the zones' midnights: one zone's period, not the other's.
        clock = Math.max(clock, near() - r.int(3) * 7 * DAY);
        await run({ type: 'ReportProgress', data: { taskId, percent: r.int(101), note: 'progress' } }, dept);
      } else if (c === 4) await run({ type: 'SetTaskReporting', data: { taskId, every: r.pick(['weekly', 'monthly', 'none'] as const) } });
      else await run({ type: 'AcceptTask', data: { taskId } });
    }
    dues.push(clock);
  }
  return dues;
}

/** The moments asked: the zones' midnights around the month and week ends, a millisecond either side, and each task's last event. */
function moments(extra: number[]): number[] {
  const out = new Set<number>(extra);
  for (let d = -35; d <= 35; d += 1)
    for (const base of [APRIL_BEIJING, APRIL_BEIJING + 13 * HOUR]) for (const e of [-1, 0, 1]) out.add(base + d * DAY + e);
  return [...out].sort((a, b) => a - b);
}

/** What the ledger answers at `now` in the zone of `rule`: the summary now and as of then, the lights, the overdue filter. */
function answers(db: Database.Database, now: number, rule: TaskLightRule) {
  return {
    now: iso(now),
    live: summarizeTasks(db, now, rule),
    asOf: summarizeTasks(db, now, rule, { asOf: true }),
    lights: Object.fromEntries(countLightsBy(db, 'lead_unit', ['unit-0', 'unit-1', 'unit-2'], now, rule)),
  };
}

/** Every row that depends on the zone, and the rows around them. */
function dump(db: Database.Database) {
  return {
    tasks: db.prepare('SELECT id, status, report_due_ms FROM tasks ORDER BY id').all(),
    history: db.prepare('SELECT * FROM task_history ORDER BY task_id, valid_from_ms').all(),
    rollup: db.prepare('SELECT * FROM task_rollup ORDER BY kind, dim, value, status, slot').all(),
    members: db.prepare('SELECT * FROM task_rollup_members ORDER BY id').all(),
  };
}

describe('the task ledger when DISPLAY_TIMEZONE changes', () => {
  it.each([1, 2])('reopened in another zone answers as if projected there, without a replay (seed %i)', async (seed) => {
    const lasts = await ledger(seed, 30);
    const asked = moments(lasts);

    const first = await harness.runner(taskLedgerProjectionFor(ruleIn(NEW_YORK), NEW_YORK), 'ledger.sqlite');
    const inNewYork = asked.map((now) => answers(first.db, now, ruleIn(NEW_YORK)));
    const builtInNewYork = dump(first.db);
    await first.close();
    // Reopened with the zone changed: no event is applied again (the checkpoint stays at the head).
    const checkpoint = () => {
      const raw = new Database(path.join(harness.dir, 'ledger.sqlite'), { readonly: true });
      try {
        return raw.prepare("SELECT checkpoint FROM _projection WHERE name = 'task-ledger'").pluck().get();
      } finally {
        raw.close();
      }
    };
    const before = checkpoint();
    expect(before).toEqual(expect.anything());
    const reopened = await harness.runner(taskLedgerProjectionFor(ruleIn(BEIJING), BEIJING), 'ledger.sqlite');
    expect(checkpoint()).toEqual(before);
    const fresh = await harness.runner(taskLedgerProjectionFor(ruleIn(BEIJING), BEIJING), 'fresh.sqlite');

    expect(dump(reopened.db)).toEqual(dump(fresh.db));
    let differed = 0;
    for (const [i, now] of asked.entries()) {
      const beijing = answers(fresh.db, now, ruleIn(BEIJING));
      expect(answers(reopened.db, now, ruleIn(BEIJING))).toEqual(beijing);
      if (JSON.stringify(beijing) !== JSON.stringify({ ...inNewYork[i]!, now: beijing.now })) differed++;
    }
    // The filter and each item's reporting after every event: the domain's, in Beijing.
    const end = Math.max(...lasts) + 1;
    const docs = (reopened.db.prepare('SELECT doc FROM tasks ORDER BY id').pluck().all() as string[]).map((d) => JSON.parse(d) as Task);
    const overdue = docs.filter((d) => taskReporting(d, end, BEIJING)?.overdue).map((d) => d.id);
    const listed = listTasks(reopened.db, { limit: 500, reportOverdue: true }, end, ruleIn(BEIJING));
    expect(listed.map((t) => t.id).sort()).toEqual(overdue.sort());
    // Not vacuous: the zones disagree about some due instants, and so about some answers.
    expect(JSON.stringify(builtInNewYork)).not.toEqual(JSON.stringify(dump(fresh.db)));
    expect(differed).toBeGreaterThan(0);
  });
});
