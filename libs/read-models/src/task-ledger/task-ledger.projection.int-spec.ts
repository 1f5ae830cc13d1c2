import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  DEFAULT_DUE_CALENDAR,
  rollUpTasks,
  taskDeciderFor,
  taskLight,
  type Area,
  type DomainActor,
  type Task,
  type TaskCommand,
  type TaskState,
} from '#domain';
import { executeCommand, type RecordedEvent } from '#event-store';
import type { ProjectionRunner } from '../projection-runner.js';
import type { Projection } from '../projection.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { taskLedgerProjection } from './task-ledger.projection.js';
import { rollUpLedger, specialGroupsInLedger } from './ledger-rollup.queries.js';
import { getTask, listTasks, listTasksJson } from './task-ledger.queries.js';
import { summarizeTasks } from './task-summary.queries.js';

// The task ledger on real SQLite: events appended through the real command path into a real
// SqliteEventStore, applied by a real ProjectionRunner.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const iso = (ms: number) => new Date(ms).toISOString();

const harness = useProjectionHarness('task-ledger-');
let clock: number;

// The lights here are about deadlines, milestones and progress: the lead units have a year to
// acknowledge, so no acknowledgement falls due within these scenarios (its light has its own specs).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR, { acknowledgeWindowMs: 365 * DAY });

async function run(taskId: string, command: Omit<TaskCommand, 'metadata'>, legacyKeyPoint?: string): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  const context = commandContext(office, now);
  // Tasks recorded before key points were records carry the key point as free text: such an
  // event is written here as it was then, to prove the ledger still loads and searches it.
  const decider =
    legacyKeyPoint === undefined
      ? taskDecider
      : {
          ...taskDecider,
          decide: (c: TaskCommand, s: TaskState) =>
            taskDecider
              .decide(c, s)
              .map((e) => (e.type === 'TaskRegistered' ? { ...e, data: { ...e.data, keyPoint: legacyKeyPoint } } : e)),
        };
  await executeCommand(harness.store, `task-${taskId}`, decider, { ...command, metadata: { actor: office, now } } as TaskCommand, {
    context,
  });
}

async function registerTask(
  taskId: string,
  over: { title?: string; area?: Area; specialGroup?: string; leadUnit?: string; deadline?: string; keyPoint?: string } = {},
): Promise<void> {
  await run(
    taskId,
    {
      type: 'RegisterTask',
      data: {
        taskId,
        title: over.title ?? `Task ${taskId}`,
        area: over.area ?? 'real_economy',
        specialGroup: over.specialGroup ?? 'auto-city-group',
        specialGroupRegistered: true,
        leadUnit: over.leadUnit ?? 'industry-bureau',
        responsible: 'Li Na',
        evaluationStandard: 'Measurable result',
        deadline: over.deadline ?? iso(T0 + 30 * DAY),
        milestones: [{ milestoneId: `${taskId}-m1`, title: 'First step', due: iso(T0 + 10 * DAY) }],
      },
    },
    over.keyPoint,
  );
}

const runner = (projection: Projection = taskLedgerProjection): Promise<ProjectionRunner> =>
  harness.runner(projection, 'task-ledger.sqlite');

/** Every row of the projection's tables, in a stable order: equal dumps mean equal read models. */
function dump(db: Database.Database): unknown {
  // The search index is contentless: its every token occurrence is listed by fts5vocab.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.tasks_search_terms USING fts5vocab(main, tasks_search, 'instance')`);
  return {
    tasks: db.prepare('SELECT * FROM tasks ORDER BY id').all(),
    searchKeys: db.prepare('SELECT * FROM tasks_search_keys ORDER BY s_key').all(),
    searchTerms: db.prepare('SELECT * FROM temp.tasks_search_terms ORDER BY term, doc, col, offset').all(),
  };
}

/** A ledger with one task in each status, two areas, and one task already overdue at T0 + 20 days. */
async function fillLedger(): Promise<void> {
  await registerTask('planned', { title: '长春国际汽车城 auto city', deadline: iso(T0 + 20 * DAY - 1) });
  await registerTask('progressing', {
    title: '全面推行河长制 river chiefs',
    area: 'urban_development',
    specialGroup: 'city-group',
    leadUnit: 'water-bureau',
  });
  await run('progressing', { type: 'ReportProgress', data: { taskId: 'progressing', percent: 40, note: 'half' } });
  await registerTask('submitted', { title: '一网通办 one network', area: 'government_services', keyPoint: '2025 key point 7' });
  await run('submitted', { type: 'SubmitTaskCompletion', data: { taskId: 'submitted', evidence: 'portal live' } });
  await registerTask('accepted', { deadline: iso(T0 + 5 * DAY) });
  await run('accepted', { type: 'SubmitTaskCompletion', data: { taskId: 'accepted', evidence: 'done' } });
  await run('accepted', { type: 'AcceptTask', data: { taskId: 'accepted' } });
  await registerTask('cancelled', { deadline: iso(T0 + 5 * DAY) });
  await run('cancelled', { type: 'CancelTask', data: { taskId: 'cancelled', reason: 'merged' } });
}

beforeEach(() => {
  clock = T0;
});

/** Placeholder values for explaining a statement: the plan does not depend on them. */
function planParams(sql: string): null[] {
  return new Array<null>(sql.split('?').length - 1).fill(null);
}

describe('task ledger projection', () => {
  it('answers the ledger as it stood at a past moment from the history table, overdue judged then', async () => {
    // fillLedger's commands run one second apart from T0: planned (T0+1s), progressing (+2s, progress +3s),
    // submitted (+4s, submit +5s), accepted (+6s, submit +7s, accept +8s), cancelled (+9s, cancel +10s).
    await fillLedger();
    await run('progressing', { type: 'ReportProgress', data: { taskId: 'progressing', percent: 50, note: 'more' } });
    await run('submitted', {
      type: 'AddTaskDocument',
      data: {
        taskId: 'submitted',
        documentId: 'd1',
        document: { title: '实施意见', docNumber: '长府发〔2025〕1号', issuer: '市政府', issuedAt: '2025-02-01' },
      },
    });
    const r = await runner();
    try {
      const at = (seconds: number, days = 0) => summarizeTasks(r.db, T0 + seconds * 1000 + days * DAY, RULE, { asOf: true });
      expect(at(0).total).toBe(0);
      expect(at(1).byStatus).toMatchObject({ planned: 1, in_progress: 0 });
      expect(at(2.5).byStatus).toMatchObject({ planned: 2, in_progress: 0 });
      expect(at(3).byStatus).toMatchObject({ planned: 1, in_progress: 1 });
      expect(at(7.5).byStatus).toMatchObject({ planned: 1, in_progress: 1, submitted: 2, accepted: 0 });
      expect(at(8).byStatus).toMatchObject({ submitted: 1, accepted: 1 });
      expect(at(9.5).byStatus).toMatchObject({ planned: 2, cancelled: 0 });
      expect(at(10).byStatus).toMatchObject({ planned: 1, cancelled: 1 });
      expect([at(11).documents, at(12).documents]).toEqual([0, 1]);
      // Overdue at the moment asked: `planned` is due at T0 + 20 days − 1 ms.
      expect(at(12, 19).byArea.real_economy.overdue).toBe(0);
      expect(at(12, 20).byArea.real_economy.overdue).toBe(1);
      // Now, as of now and live agree.
      const now = T0 + 25 * DAY;
      expect({ ...summarizeTasks(r.db, now, RULE, { asOf: true }) }).toEqual(summarizeTasks(r.db, now, RULE));
      expect(summarizeTasks(r.db, now, RULE, { asOf: true, deadlineSpan: { fromMs: T0 + 20 * DAY - 1, toMs: T0 + 20 * DAY } }).total).toBe(
        1,
      );
      expect(summarizeTasks(r.db, now, RULE, { deadlineSpan: { fromMs: T0 + 20 * DAY - 1, toMs: T0 + 20 * DAY } }).total).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('rolls tasks up per group and per unit exactly as the domain rolls up the same documents', async () => {
    await fillLedger();
    await registerTask('late-city', { specialGroup: 'city-group', leadUnit: 'water-bureau', deadline: iso(T0 + 2 * DAY) });
    await run('late-city', { type: 'ReportProgress', data: { taskId: 'late-city', percent: 15, note: 'slow' } });
    const r = await runner();
    try {
      const docs = (r.db.prepare('SELECT doc FROM tasks').pluck().all() as string[]).map((d) => JSON.parse(d) as Task);
      for (const now of [T0, T0 + 3 * DAY, T0 + 21 * DAY, T0 + 31 * DAY]) {
        const byGroup = rollUpLedger(r.db, 'special_group', null, now);
        expect([...byGroup.keys()].sort()).toEqual(['auto-city-group', 'city-group']);
        for (const [code, rollup] of byGroup)
          expect(rollup).toEqual(
            rollUpTasks(
              docs.filter((t) => t.specialGroup === code),
              now,
            ),
          );
        const byUnit = rollUpLedger(r.db, 'lead_unit', null, now, ['special_group', 'city-group']);
        expect(byUnit.get('water-bureau')).toEqual(
          rollUpTasks(
            docs.filter((t) => t.specialGroup === 'city-group'),
            now,
          ),
        );
      }
      // Hand-counted: city-group holds `progressing` (40 %) and `late-city` (15 %, overdue from day 2).
      expect(rollUpLedger(r.db, 'special_group', ['city-group', 'no-tasks'], T0 + 3 * DAY)).toEqual(
        new Map([
          [
            'city-group',
            {
              total: 2,
              byStatus: { planned: 0, in_progress: 2, submitted: 0, accepted: 0, cancelled: 0 },
              overdue: 1,
              averageProgress: 27.5,
            },
          ],
          [
            'no-tasks',
            {
              total: 0,
              byStatus: { planned: 0, in_progress: 0, submitted: 0, accepted: 0, cancelled: 0 },
              overdue: 0,
              averageProgress: null,
            },
          ],
        ]),
      );
      // auto-city-group: planned 0 %, submitted 0 %, accepted 0 %, cancelled (left out of the average).
      expect(rollUpLedger(r.db, 'special_group', ['auto-city-group'], T0).get('auto-city-group')).toMatchObject({
        total: 4,
        averageProgress: 0,
      });
      expect(specialGroupsInLedger(r.db)).toEqual(['auto-city-group', 'city-group']);
    } finally {
      await r.close();
    }
  });

  it('judges milestones, lights and their filters at the moment asked, live and as of a past moment', async () => {
    // Every open task has milestone m1 due at T0 + 10 days and, but `planned`, a deadline at T0 + 30 days.
    await fillLedger();
    clock = T0 + 11 * DAY;
    await run('progressing', { type: 'CompleteMilestone', data: { taskId: 'progressing', milestoneId: 'progressing-m1' } });
    const completedAt = clock;
    const r = await runner();
    try {
      const ids = (f: Partial<Parameters<typeof listTasks>[1]>, now: number) =>
        listTasks(r.db, { limit: 50, ...f }, now, RULE).map((t) => t.id);
      const lights = (now: number) => Object.fromEntries(listTasks(r.db, { limit: 50 }, now, RULE).map((t) => [t.id, t.light]));
      // Day 1: nothing is near; day 4: m1 is within the 7-day window (the live ledger judges
      // today's documents: `progressing` has no open milestone left).
      expect(lights(T0 + DAY)).toEqual({ planned: 'green', progressing: 'green', submitted: 'green', accepted: null, cancelled: null });
      expect(lights(T0 + 4 * DAY)).toEqual({
        planned: 'yellow',
        progressing: 'green',
        submitted: 'yellow',
        accepted: null,
        cancelled: null,
      });
      // Day 12: m1 slipped on two tasks; `progressing` completed it (40% of a 30-day span, 40% gone).
      const day12 = T0 + 12 * DAY;
      const planned = getTask(r.db, 'planned', day12, RULE)!;
      expect(planned.milestones.map((m) => m.overdue)).toEqual([true]);
      expect(getTask(r.db, 'progressing', day12, RULE)!.milestones.map((m) => m.overdue)).toEqual([false]);
      expect(lights(day12)).toEqual({ planned: 'red', progressing: 'green', submitted: 'red', accepted: null, cancelled: null });
      expect(ids({ milestoneOverdue: true }, day12)).toEqual(['planned', 'submitted']);
      expect(ids({ milestoneOverdue: false }, day12)).toEqual(['progressing', 'accepted', 'cancelled']);
      expect(ids({ light: 'red' }, day12)).toEqual(['planned', 'submitted']);
      expect(ids({ light: 'green' }, day12)).toEqual(['progressing']);
      expect(ids({ light: 'yellow', area: 'urban_development' }, T0 + 24 * DAY)).toEqual(['progressing']);
      // Day 13: 43% of the span gone against 40% done, green; a 17-day window reaches the deadline.
      expect(getTask(r.db, 'progressing', T0 + 13 * DAY, RULE)!.light).toBe('green');
      expect(getTask(r.db, 'progressing', T0 + 13 * DAY, { warningWindowMs: 17 * DAY, timeZone: 'Asia/Shanghai' })!.light).toBe('yellow');

      // The SQL-rendered page is the JavaScript view, whatever the filter and moment.
      for (const now of [T0 + DAY, T0 + 4 * DAY, day12, T0 + 31 * DAY]) {
        for (const f of [{}, { light: 'red' as const }, { milestoneOverdue: true }, { q: 'river' }]) {
          expect(JSON.parse(listTasksJson(r.db, { limit: 50, ...f }, now, RULE).itemsJson)).toEqual(
            listTasks(r.db, { limit: 50, ...f }, now, RULE),
          );
        }
      }

      // The summary counts the lights the ledger shows; as of a moment, with the task as it stood then.
      for (const now of [T0 + DAY, T0 + 4 * DAY, day12, T0 + 24 * DAY, T0 + 31 * DAY]) {
        const shown = listTasks(r.db, { limit: 50 }, now, RULE).map((t) => t.light);
        const expected = { red: 0, yellow: 0, green: 0 };
        for (const l of shown) if (l) expected[l] += 1;
        expect(summarizeTasks(r.db, now, RULE).byLight).toEqual(expected);
        // Once nothing changed since, the ledger as of then is the ledger now.
        if (now >= completedAt) expect(summarizeTasks(r.db, now, RULE, { asOf: true }).byLight).toEqual(expected);
      }
      // As of day 4, `progressing` still had m1 open, due within the window.
      expect(summarizeTasks(r.db, T0 + 4 * DAY, RULE, { asOf: true }).byLight).toEqual({ red: 0, yellow: 3, green: 0 });
      // Just before `progressing` completed m1 it was red (m1 slipped at day 10); just after, green.
      expect(summarizeTasks(r.db, completedAt - 1, RULE, { asOf: true }).byLight).toEqual({ red: 3, yellow: 0, green: 0 });
      expect(summarizeTasks(r.db, completedAt, RULE, { asOf: true }).byLight).toEqual({ red: 2, yellow: 0, green: 1 });
      // The live summary judges today's documents at that moment instead: `progressing` is green.
      expect(summarizeTasks(r.db, completedAt - 1, RULE).byLight).toEqual({ red: 2, yellow: 0, green: 1 });
      expect(taskLight(planned, day12, RULE)).toBe('red');
    } finally {
      await r.close();
    }
  });

  it('folds each task with the domain evolve and keeps its stream revision', async () => {
    await fillLedger();
    const r = await runner();
    try {
      const t = getTask(r.db, 'progressing', T0, RULE)!;
      expect(t).toMatchObject({
        id: 'progressing',
        status: 'in_progress',
        progress: 40,
        revision: 1,
        overdue: false,
        area: 'urban_development',
      });
      expect(getTask(r.db, 'accepted', T0, RULE)).toMatchObject({ status: 'accepted', revision: 2 });
      expect(getTask(r.db, 'missing', T0, RULE)).toBeNull();
    } finally {
      await r.close();
    }
  });

  it('filters by area, special group, lead unit and status', async () => {
    await fillLedger();
    const r = await runner();
    try {
      const ids = (f: Parameters<typeof listTasks>[1]) => listTasks(r.db, f, T0, RULE).map((t) => t.id);
      expect(ids({ limit: 50, area: 'urban_development' })).toEqual(['progressing']);
      expect(ids({ limit: 50, specialGroup: 'city-group' })).toEqual(['progressing']);
      expect(ids({ limit: 50, leadUnit: 'industry-bureau' })).toEqual(['planned', 'submitted', 'accepted', 'cancelled']);
      expect(ids({ limit: 50, status: 'submitted' })).toEqual(['submitted']);
      expect(ids({ limit: 50, area: 'real_economy', status: 'planned' })).toEqual(['planned']);
      expect(ids({ limit: 50, status: 'cancelled', area: 'government_services' })).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('computes overdue against the given now: past the deadline and neither accepted nor cancelled', async () => {
    await fillLedger();
    const r = await runner();
    try {
      const overdue = (now: number) => listTasks(r.db, { limit: 50, overdue: true }, now, RULE).map((t) => t.id);
      expect(overdue(T0)).toEqual([]);
      // Accepted and cancelled tasks passed their deadline at T0 + 5 days and are never overdue.
      expect(overdue(T0 + 10 * DAY)).toEqual([]);
      expect(overdue(T0 + 20 * DAY)).toEqual(['planned']);
      expect(overdue(T0 + 31 * DAY)).toEqual(['planned', 'progressing', 'submitted']);
      expect(listTasks(r.db, { limit: 50, overdue: false }, T0 + 20 * DAY, RULE).map((t) => t.id)).toEqual([
        'progressing',
        'submitted',
        'accepted',
        'cancelled',
      ]);
      expect(getTask(r.db, 'planned', T0 + 20 * DAY, RULE)!.overdue).toBe(true);
      expect(getTask(r.db, 'accepted', T0 + 20 * DAY, RULE)!.overdue).toBe(false);
    } finally {
      await r.close();
    }
  });

  it('pages by keyset over registration order', async () => {
    await fillLedger();
    const r = await runner();
    try {
      const first = listTasks(r.db, { limit: 2 }, T0, RULE);
      expect(first.map((t) => t.id)).toEqual(['planned', 'progressing', 'submitted']);
      const after = first[1]!;
      expect(listTasks(r.db, { limit: 2, after: [after.createdAt, after.id] }, T0, RULE).map((t) => t.id)).toEqual([
        'submitted',
        'accepted',
        'cancelled',
      ]);
    } finally {
      await r.close();
    }
  });

  it('summarises counts by status and by area in one query', async () => {
    await fillLedger();
    const r = await runner();
    try {
      const s = summarizeTasks(r.db, T0 + 31 * DAY, RULE);
      expect(s.total).toBe(5);
      expect(s.byStatus).toEqual({ planned: 1, in_progress: 1, submitted: 1, accepted: 1, cancelled: 1 });
      expect(s.byArea.real_economy).toEqual({ total: 3, accepted: 1, overdue: 1, pendingExtensions: 0, reportOverdue: 0 });
      expect(s.byArea.urban_development).toEqual({ total: 1, accepted: 0, overdue: 1, pendingExtensions: 0, reportOverdue: 0 });
      expect(s.byArea.government_services).toEqual({ total: 1, accepted: 0, overdue: 1, pendingExtensions: 0, reportOverdue: 0 });
      expect(s.byArea.livelihood).toEqual({ total: 0, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
      expect(summarizeTasks(r.db, T0, RULE).byArea.real_economy.overdue).toBe(0);
    } finally {
      await r.close();
    }
  });

  it('resumes after a restart from its checkpoint, applying only the events after it', async () => {
    await fillLedger();
    const first = await runner();
    const checkpoint = first.info().checkpoint;
    expect(checkpoint).toBe(await harness.store.headPosition());
    await first.close();

    await registerTask('later', { area: 'livelihood' });
    await run('progressing', { type: 'ReportProgress', data: { taskId: 'progressing', percent: 70, note: 'more' } });
    const seen: RecordedEvent[] = [];
    const counting: Projection = { ...taskLedgerProjection, apply: (db, e) => (seen.push(e), taskLedgerProjection.apply(db, e)) };
    const second = await runner(counting);
    try {
      expect(seen.map((e) => e.position).every((p) => p > checkpoint!)).toBe(true);
      expect(seen).toHaveLength(2);
      expect(second.info().checkpoint).toBe(await harness.store.headPosition());
      expect(getTask(second.db, 'progressing', T0, RULE)).toMatchObject({ progress: 70, revision: 2 });
      expect(summarizeTasks(second.db, T0, RULE).total).toBe(6);
    } finally {
      await second.close();
    }
  });

  it('updates a live row in place: status, deadline and text-only changes leave columns and indexes as a rebuild would', async () => {
    await registerTask('t1', { deadline: iso(T0 + 30 * DAY) });
    const live = await runner();
    const applied = async () => expect(await live.waitFor((await harness.store.headPosition())!, 5_000)).toBe(true);
    try {
      // One event per batch, so each is an UPDATE of the existing row, not a first INSERT.
      await run('t1', { type: 'ReportProgress', data: { taskId: 't1', percent: 10, note: 'started' } });
      await applied();
      await run('t1', { type: 'ReportProgress', data: { taskId: 't1', percent: 20, note: 'no column changes' } });
      await applied();
      await run('t1', { type: 'ChangeTaskDeadline', data: { taskId: 't1', deadline: iso(T0 + 20 * DAY), reason: 'sooner' } });
      await applied();
      const ids = (f: Parameters<typeof listTasks>[1], now = T0) => listTasks(live.db, f, now, RULE).map((t) => t.id);
      expect(ids({ limit: 50, status: 'planned' })).toEqual([]);
      expect(ids({ limit: 50, status: 'in_progress' })).toEqual(['t1']);
      expect(ids({ limit: 50, overdue: true }, T0 + 25 * DAY)).toEqual(['t1']);
      expect(summarizeTasks(live.db, T0 + 25 * DAY, RULE).byArea.real_economy).toEqual({
        total: 1,
        accepted: 0,
        overdue: 1,
        pendingExtensions: 0,
        reportOverdue: 0,
      });
      expect(getTask(live.db, 't1', T0, RULE)).toMatchObject({ progress: 20, revision: 3 });
      expect(live.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rebuilt = await harness.runner(taskLedgerProjection, 'task-ledger-rebuilt.sqlite');
      expect(dump(live.db)).toEqual(dump(rebuilt.db));
    } finally {
      await live.close();
    }
  });

  it('serves every ledger filter and the summary from an index, never sorting the whole ledger', async () => {
    await fillLedger();
    const r = await runner();
    try {
      // The previous schema's indexes are replaced in place on the next start.
      r.db.exec('CREATE INDEX tasks_status_deadline ON tasks(status, deadline_ms); CREATE INDEX tasks_area_status ON tasks(area, status)');
      taskLedgerProjection.migrate(r.db);
      const indexes = r.db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' AND sql IS NOT NULL ORDER BY name`)
        .pluck(true)
        .all();
      expect(indexes).toEqual([
        'tasks_area',
        'tasks_created',
        'tasks_group',
        'tasks_key_point',
        'tasks_lead_unit',
        'tasks_parent',
        'tasks_pending_extension',
        'tasks_status',
        'tasks_summary',
      ]);
      const filters: Array<Parameters<typeof listTasks>[1]> = [
        { limit: 50 },
        { limit: 50, area: 'real_economy' },
        { limit: 50, specialGroup: 'city-group' },
        { limit: 50, keyPointId: 'kp-1' },
        { limit: 50, leadUnit: 'water-bureau' },
        { limit: 50, status: 'planned' },
        { limit: 50, overdue: true },
        { limit: 50, overdue: false },
        { limit: 50, area: 'real_economy', status: 'planned', overdue: true },
        { limit: 50, leadUnit: 'water-bureau', status: 'in_progress' },
        { limit: 50, leadUnits: ['water-bureau', 'industry-bureau'] },
        { limit: 50, leadUnits: ['water-bureau', 'industry-bureau', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'] },
        { limit: 50, parentId: 'planned' },
        { limit: 50, area: 'real_economy', after: ['2025-03-01T00:00:01.000Z', 'planned'] },
      ];
      const plans: string[] = [];
      const explain = r.db.prepare.bind(r.db);
      // Every statement the queries prepare is explained, then run as usual.
      r.db.prepare = ((sql: string) => {
        if (!sql.startsWith('EXPLAIN'))
          plans.push(
            (explain(`EXPLAIN QUERY PLAN ${sql}`).all(...planParams(sql)) as Array<{ detail: string }>).map((p) => p.detail).join(' | '),
          );
        return explain(sql);
      }) as typeof r.db.prepare;
      for (const f of filters) listTasks(r.db, f, T0, RULE);
      // The scan still answers a year's, a scope's and a past moment's summary.
      summarizeTasks(r.db, T0, RULE, { scan: true });
      const scanPlans = plans.length;
      // The live summary adds up the roll-up in its key's order, and finds now's own slot by index.
      summarizeTasks(r.db, T0, RULE);
      r.db.prepare = explain;
      const rollUpPlans = plans.splice(scanPlans).filter((p) => p.includes('task_rollup'));
      expect(rollUpPlans.length).toBeGreaterThanOrEqual(4);
      for (const plan of rollUpPlans) expect(plan).not.toMatch(/TEMP B-TREE|SCAN task_rollup_members/);
      // The summary's second statement counts the documents (their own small table); the
      // pages share one more, the sub-tasks' roll-up of the page's tasks, which looks up the
      // parent index by the page's ids and groups only what it found.
      expect(plans).toHaveLength(filters.length + 3);
      expect(plans.filter((p) => p.includes('task_documents'))).toHaveLength(1);
      const rollUps = plans.filter((p) => p.includes('LIST SUBQUERY') && p.includes('parent_id=?'));
      expect(rollUps).toEqual([expect.stringMatching(/^SEARCH tasks USING INDEX tasks_parent \(parent_id=\?\)/)]);
      const ledgerPlans = plans.filter((p) => !p.includes('task_documents') && !rollUps.includes(p));
      for (const plan of ledgerPlans) {
        expect(plan).toMatch(/USING (COVERING )?INDEX tasks_/);
        // Only a filter on both area and status, or a small subtree's units, may sort, and then
        // only the rows it matched; a large subtree walks the ledger's order.
        if (/TEMP B-TREE/.test(plan))
          expect(plan).toMatch(
            /^SEARCH tasks USING INDEX (tasks_summary \(area=\? AND status=\?|tasks_lead_unit \(lead_unit=\?\) \| LIST SUBQUERY)/,
          );
      }
      expect(ledgerPlans[ledgerPlans.length - 1]).toMatch(/COVERING INDEX tasks_summary/);
    } finally {
      await r.close();
    }
  });

  it('replaying the same events twice changes nothing', async () => {
    await fillLedger();
    await harness.expectReplayChangesNothing(taskLedgerProjection, 'task-ledger.sqlite', dump);
  });

  it('ignores streams of other aggregates', async () => {
    await registerTask('t1');
    clock += 1_000;
    await harness.store.appendToStream('decision-d1', [
      { id: randomUUID(), type: 'DecisionRecorded', data: { decisionId: 'd1' }, metadata: {} },
    ]);
    const r = await runner();
    try {
      expect(summarizeTasks(r.db, T0, RULE).total).toBe(1);
      expect(r.info().checkpoint).toBe(await harness.store.headPosition());
    } finally {
      await r.close();
    }
  });
});
