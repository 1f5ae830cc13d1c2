import Database from 'better-sqlite3';
import {
  FINDING_STATUSES,
  hasOverdueMilestone,
  isActionItemOverdue,
  isMilestoneOverdue,
  isFindingOverdue,
  isTaskOverdue,
  ITEM_STATUSES,
  taskLight,
  TASK_STATUSES,
  type FindingStatus,
  type ItemStatus,
  type LitTask,
  type TaskStatus,
} from '#domain';
import {
  actionItemOverdueSql,
  findingOverdueSql,
  milestoneOverdueSql,
  taskLightSql,
  taskMilestoneOverdueSql,
  taskOverdueSql,
  taskRuleColumns,
} from './overdue.sql.js';

const DEADLINE = '2026-06-30T16:00:00.000Z';
const DEADLINE_MS = Date.parse(DEADLINE);
// Just before, at, and just after the deadline instant; and far on either side.
const NOWS = [DEADLINE_MS - 86_400_000, DEADLINE_MS - 1, DEADLINE_MS, DEADLINE_MS + 1, DEADLINE_MS + 86_400_000];

/** The fragment's value for one row, evaluated by SQLite. */
function sqlSays(db: Database.Database, fragment: string, column: string, status: string, nowMs: number): boolean {
  db.exec('DELETE FROM t');
  db.prepare(`INSERT INTO t (status, ${column}) VALUES (?, ?)`).run(status, DEADLINE_MS);
  const row = db.prepare(`SELECT CASE WHEN ${fragment} THEN 1 ELSE 0 END AS v FROM t r`).get(nowMs) as { v: number };
  return row.v === 1;
}

describe('overdue SQL says what the domain says', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (status TEXT NOT NULL, deadline_ms INTEGER, due_ms INTEGER)');
  });
  afterEach(() => db.close());

  it.each(TASK_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [TaskStatus, number])))('task %s at %d', (status, now) => {
    const domain = isTaskOverdue({ status, deadline: DEADLINE }, now);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', status, now)).toBe(domain);
    expect(sqlSays(db, `NOT ${taskOverdueSql('r')}`, 'deadline_ms', status, now)).toBe(!domain);
  });

  it.each(ITEM_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [ItemStatus, number])))(
    'action item %s at %d',
    (status, now) => {
      const domain = isActionItemOverdue({ status, deadline: DEADLINE }, now);
      expect(sqlSays(db, actionItemOverdueSql(), 'deadline_ms', status, now)).toBe(domain);
      expect(sqlSays(db, `NOT ${actionItemOverdueSql('r')}`, 'deadline_ms', status, now)).toBe(!domain);
    },
  );

  it.each(FINDING_STATUSES.flatMap((status) => NOWS.map((now) => [status, now] as [FindingStatus, number])))(
    'finding %s at %d',
    (status, now) => {
      const domain = isFindingOverdue({ status, rectificationDue: DEADLINE }, now);
      expect(sqlSays(db, findingOverdueSql(), 'due_ms', status, now)).toBe(domain);
      expect(sqlSays(db, `NOT ${findingOverdueSql('r')}`, 'due_ms', status, now)).toBe(!domain);
    },
  );

  it('is on time at the deadline instant itself and overdue one millisecond later', () => {
    expect(isTaskOverdue({ status: 'in_progress', deadline: DEADLINE }, DEADLINE_MS)).toBe(false);
    expect(isTaskOverdue({ status: 'in_progress', deadline: DEADLINE }, DEADLINE_MS + 1)).toBe(true);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', 'in_progress', DEADLINE_MS)).toBe(false);
    expect(sqlSays(db, taskOverdueSql(), 'deadline_ms', 'in_progress', DEADLINE_MS + 1)).toBe(true);
  });
});

describe('task light and milestone SQL say what the domain says', () => {
  const DAY = 86_400_000;
  const CREATED = DEADLINE_MS - 100 * DAY;
  const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
  const iso = (ms: number) => new Date(ms).toISOString();
  // Acknowledgement: none required (a task recorded before it existed), awaited, or given.
  const ACK = CREATED + 3 * DAY;
  const acknowledgements: Array<Pick<LitTask, 'acknowledgeBy' | 'acknowledgedAt'>> = [
    {},
    { acknowledgeBy: iso(ACK), acknowledgedAt: null },
    { acknowledgeBy: iso(ACK), acknowledgedAt: iso(CREATED + DAY) },
  ];
  const milestone = (id: string, dueMs: number, completed: boolean) => ({
    id,
    title: id,
    due: iso(dueMs),
    dueDate: null,
    completedAt: completed ? iso(CREATED + DAY) : null,
    completedBy: completed ? 'u' : null,
    note: null,
  });
  // Milestones: none; an open one (with a millisecond part, so the SQL's parsing of ISO text is
  // exercised) before an open later one; a completed early one before an open one.
  const M1 = CREATED + 30 * DAY + 123;
  const roadmaps = [
    [],
    [milestone('late', CREATED + 60 * DAY, false), milestone('next', M1, false)],
    [milestone('done', CREATED + 10 * DAY, true), milestone('next', M1, false)],
  ];
  const tasks: LitTask[] = TASK_STATUSES.flatMap((status) =>
    roadmaps.flatMap((milestones) =>
      [0, 24, 25, 26, 100].flatMap((progress) =>
        acknowledgements.flatMap((ack) => [
          { status, createdAt: iso(CREATED), deadline: DEADLINE, milestones, progress, ...ack },
          // A migrated task: the deadline before its registration.
          { status, createdAt: iso(DEADLINE_MS + DAY), deadline: DEADLINE, milestones, progress, ...ack },
        ]),
      ),
    ),
  );
  // The boundaries: the lag at 49/50/51% of the span, the windows' ends, the due instants.
  const nows = [
    CREATED,
    ACK,
    ACK + 1,
    CREATED + 49 * DAY,
    CREATED + 50 * DAY,
    CREATED + 50 * DAY + 1,
    CREATED + 51 * DAY,
    M1 - 7 * DAY - 1,
    M1 - 7 * DAY,
    M1,
    M1 + 1,
    DEADLINE_MS - 7 * DAY - 1,
    DEADLINE_MS - 7 * DAY,
    ...NOWS,
  ];

  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(
      'CREATE TABLE t (doc TEXT, status TEXT, deadline_ms INTEGER, next_due_ms INTEGER, created_ms INTEGER, progress REAL, ' +
        'ack_due_ms INTEGER, report_due_ms INTEGER)',
    );
  });
  afterEach(() => db.close());
  const load = (task: LitTask) => {
    db.exec('DELETE FROM t');
    const c = taskRuleColumns(task, RULE.timeZone);
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      JSON.stringify(task),
      c.status,
      c.deadline_ms,
      c.next_due_ms,
      c.created_ms,
      c.progress,
      c.ack_due_ms,
      c.report_due_ms,
    );
  };

  it.each(tasks.map((task, i) => [i, task] as const))('task %d: light and milestone overdue at every instant', (_i, task) => {
    load(task);
    const light = taskLightSql(RULE, 'r');
    const lightOf = db.prepare(`SELECT ${light.sql} AS v FROM t r`).pluck();
    const milestoneOf = db.prepare(`SELECT CASE WHEN ${taskMilestoneOverdueSql('r')} THEN 1 ELSE 0 END FROM t r`).pluck();
    const eachMilestone = db
      .prepare(
        `SELECT CASE WHEN ${milestoneOverdueSql('m', 'r')} THEN 1 ELSE 0 END FROM t r, json_each(r.doc, '$.milestones') m ORDER BY m.key`,
      )
      .pluck();
    for (const now of nows) {
      expect([now, lightOf.get(...light.params(now))]).toEqual([now, taskLight(task, now, RULE)]);
      expect([now, milestoneOf.get(now) === 1]).toEqual([now, hasOverdueMilestone(task, now)]);
      expect([now, eachMilestone.all(now).map((v) => v === 1)]).toEqual([
        now,
        task.milestones.map((m) => isMilestoneOverdue(task, m, now)),
      ]);
    }
  });

  it('an acknowledgement awaited past its due instant alone turns a green task yellow', () => {
    const green = { status: 'in_progress' as const, createdAt: iso(CREATED), deadline: DEADLINE, milestones: [], progress: 100 };
    expect([ACK, ACK + 1].map((now) => taskLight({ ...green, ...acknowledgements[1] }, now, RULE))).toEqual(['green', 'yellow']);
    expect(taskLight({ ...green, ...acknowledgements[2] }, ACK + 1, RULE)).toBe('green');
    expect(taskLight({ ...green, ...acknowledgements[0] }, ACK + 1, RULE)).toBe('green');
  });

  it('lights every colour somewhere in these cases, so the comparison is not vacuous', () => {
    const seen = new Set(tasks.flatMap((task) => nows.map((now) => taskLight(task, now, RULE))));
    expect([...seen].sort()).toEqual(['green', 'red', 'yellow', null].sort());
  });
});

describe('the light SQL says what the domain says while a progress report is owed', () => {
  const DAY = 86_400_000;
  const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
  const report = (at: string) => ({ percent: 10, note: '进展', by: 'u', at });
  // Lights that would otherwise be green (on schedule, deadline far), yellow (lagging) and red
  // (a milestone overdue since March), so "at least yellow" is seen to add yellow to green only.
  const base = (status: TaskStatus, progress: number, milestones: LitTask['milestones']): LitTask => ({
    status,
    createdAt: '2026-03-15T02:00:00.000Z',
    deadline: '2027-12-31T15:59:59.999Z',
    milestones,
    progress,
  });
  const late = { id: 'm', title: 'm', due: '2026-03-20T15:59:59.999Z', dueDate: null, completedAt: null, completedBy: null, note: null };
  // The cycles at the boundaries: registered mid-March (monthly), set in the last minute of
  // January in Beijing (already 1 February there the next minute), weekly, quarterly; no report,
  // one in the first period, one late (in the next period), one in the last minute of a month.
  const cycles: Array<Pick<LitTask, 'reportingCycle' | 'progressReports'>> = [
    {},
    { reportingCycle: null, progressReports: [] },
    { reportingCycle: { every: 'monthly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [] },
    { reportingCycle: { every: 'monthly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [report('2026-03-20T02:00:00.000Z')] },
    { reportingCycle: { every: 'monthly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [report('2026-04-03T02:00:00.000Z')] },
    { reportingCycle: { every: 'monthly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [report('2026-03-31T15:59:00.000Z')] },
    { reportingCycle: { every: 'monthly', since: '2026-01-31T15:59:00.000Z' }, progressReports: [] },
    { reportingCycle: { every: 'weekly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [] },
    { reportingCycle: { every: 'quarterly', since: '2026-03-15T02:00:00.000Z' }, progressReports: [report('2026-04-01T01:00:00.000Z')] },
  ];
  const tasks: LitTask[] = TASK_STATUSES.flatMap((status) =>
    [base(status, 100, []), base(status, 0, []), base(status, 100, [late])].flatMap((t) => cycles.map((c) => ({ ...t, ...c }))),
  );
  // The due instants (the last millisecond of a period's last day in Beijing), the last minute of
  // that day, one ms either side, and a day on.
  const dues = ['2026-01-31T15:59:59.999Z', '2026-03-15T15:59:59.999Z', '2026-03-31T15:59:59.999Z', '2026-04-30T15:59:59.999Z'];
  const nows = dues.flatMap((d) => {
    const ms = Date.parse(d);
    return [ms - 60_000, ms - 1, ms, ms + 1, ms + DAY];
  });

  let db: Database.Database;
  beforeAll(() => {
    db = new Database(':memory:');
    db.exec(
      'CREATE TABLE t (status TEXT, deadline_ms INTEGER, next_due_ms INTEGER, created_ms INTEGER, progress REAL, ack_due_ms ' +
        'INTEGER, report_due_ms INTEGER)',
    );
  });
  afterAll(() => db.close());

  it.each(tasks.map((task, i) => [i, task] as const))('task %d', (_i, task) => {
    db.exec('DELETE FROM t');
    const c = taskRuleColumns(task, RULE.timeZone);
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      c.status,
      c.deadline_ms,
      c.next_due_ms,
      c.created_ms,
      c.progress,
      c.ack_due_ms,
      c.report_due_ms,
    );
    const light = taskLightSql(RULE, 'r');
    const lightOf = db.prepare(`SELECT ${light.sql} AS v FROM t r`).pluck();
    for (const now of nows)
      expect([new Date(now).toISOString(), lightOf.get(...light.params(now))]).toEqual([
        new Date(now).toISOString(),
        taskLight(task, now, RULE),
      ]);
  });

  it('turns an otherwise green task yellow one millisecond after the period’s due, in Beijing’s calendar', () => {
    const monthly = { ...base('in_progress', 100, []), ...cycles[2] };
    const due = Date.parse('2026-03-31T15:59:59.999Z');
    expect([due - 60_000, due, due + 1].map((now) => taskLight(monthly, now, RULE))).toEqual(['green', 'green', 'yellow']);
    // A report in the last minute of March settles March: green into April.
    expect(taskLight({ ...monthly, ...cycles[5] }, due + 1, RULE)).toBe('green');
    // Red stays red; an accepted task has no light.
    expect(taskLight({ ...base('in_progress', 100, [late]), ...cycles[2] }, due + 1, RULE)).toBe('red');
    expect(taskLight({ ...base('accepted', 100, []), ...cycles[2] }, due + 1, RULE)).toBeNull();
  });
});
