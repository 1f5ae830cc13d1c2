import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DEFAULT_DUE_CALENDAR, taskDeciderFor, type DomainActor, type TaskCommand } from '#domain';
import { executeCommand } from '#event-store';
import type { ProjectionRunner } from '../projection-runner.js';
import type { SearchCursor } from '../search/search-index.js';
import { openReadModelDb } from '../subscriber/read-model-db.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { taskLedgerProjection } from './task-ledger.projection.js';
import { listTasks, listTasksJson, type TaskFilter } from './task-ledger.queries.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

// `q` on the task ledger, on real SQLite: events through the real command path into a real
// SqliteEventStore, applied by a real ProjectionRunner.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const iso = (ms: number) => new Date(ms).toISOString();

const harness = useProjectionHarness('task-search-');
let clock: number;

async function run(taskId: string, command: Omit<TaskCommand, 'metadata'>): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  await executeCommand(harness.store, `task-${taskId}`, taskDecider, { ...command, metadata: { actor: office, now } } as TaskCommand, {
    context: commandContext(office, now),
  });
}

interface TaskText {
  title: string;
  evaluationStandard?: string;
  responsible?: string;
  leadUnit?: string;
  keyPoint?: string;
  /** A key point record: its id and title. */
  keyPointRecord?: [string, string];
  milestone?: string;
  area?: 'real_economy' | 'livelihood';
}

/**
 * A task registered before key points were records: its event carries the free-text key point
 * (no command makes one any more), appended as the store holds such streams.
 */
async function registerLegacy(taskId: string, t: TaskText): Promise<void> {
  clock += 1_000;
  const data = {
    taskId,
    title: t.title,
    area: t.area ?? 'real_economy',
    specialGroup: 'group',
    leadUnit: t.leadUnit ?? 'unit',
    responsible: t.responsible ?? 'person',
    evaluationStandard: t.evaluationStandard ?? 'standard',
    deadline: iso(T0 + 30 * DAY),
    milestones: [{ milestoneId: `${taskId}-m1`, title: t.milestone ?? 'step', due: iso(T0 + 10 * DAY) }],
    keyPoint: t.keyPoint ?? null,
    registeredBy: office.id,
    registeredAt: iso(clock),
  };
  await harness.store.appendToStream(`task-${taskId}`, [{ id: randomUUID(), type: 'TaskRegistered', data, metadata: {} }], {
    expectedRevision: 'no_stream',
  });
}

async function register(taskId: string, t: TaskText): Promise<void> {
  await run(taskId, {
    type: 'RegisterTask',
    data: {
      taskId,
      title: t.title,
      area: t.area ?? 'real_economy',
      specialGroup: 'group',
      specialGroupRegistered: true,
      leadUnit: t.leadUnit ?? 'unit',
      responsible: t.responsible ?? 'person',
      evaluationStandard: t.evaluationStandard ?? 'standard',
      deadline: iso(T0 + 30 * DAY),
      milestones: [{ milestoneId: `${taskId}-m1`, title: t.milestone ?? 'step', due: iso(T0 + 10 * DAY) }],
      ...(t.keyPointRecord ? { keyPointId: t.keyPointRecord[0], keyPointTitle: t.keyPointRecord[1] } : {}),
    },
  });
}

/**
 * Registered in this order, so "most recent first" is the reverse. Each Chinese field holds a
 * word no other field holds, except 汽车 (car's title, river's evaluation standard).
 */
async function fillLedger(): Promise<void> {
  await registerLegacy('car', {
    title: '长春国际汽车城建设',
    evaluationStandard: '整车产量达到目标',
    responsible: '王芳',
    leadUnit: '市工信局',
    keyPoint: '年度改革要点第七项',
    milestone: '完成规划编制',
  });
  await register('river', {
    title: '全面推行河长制',
    evaluationStandard: '新能源汽车推广数量',
    responsible: '李明',
    leadUnit: '市水务局',
    keyPointRecord: ['kp-1', '持续优化营商环境'],
  });
  await register('portal', { title: '一网通办 One Network', responsible: '单雄', leadUnit: 'Data Bureau', area: 'livelihood' });
  await run('portal', { type: 'ReportProgress', data: { taskId: 'portal', percent: 30, note: '已印发长府发〔2025〕12号文件' } });
  await run('car', { type: 'CompleteMilestone', data: { taskId: 'car', milestoneId: 'car-m1', note: '专家评审通过' } });
  await run('portal', { type: 'LinkTaskToKeyPoint', data: { taskId: 'portal', keyPointId: 'kp-2', keyPointTitle: '数字政府' } });
  await run('river', {
    type: 'AddTaskDocument',
    data: {
      taskId: 'river',
      documentId: 'd1',
      document: { title: '供热价格改革方案', docNumber: '吉发改〔2024〕5号', issuer: '省发改委', issuedAt: iso(T0) },
    },
  });
}

beforeEach(() => {
  clock = T0;
});

describe('task ledger search (q)', () => {
  let r: ProjectionRunner;
  const found = (q: string, f: Partial<TaskFilter> = {}) =>
    listTasks(r.db, { limit: 50, ...f, q }, T0, RULE).map((t) => [t.id, t.matchedIn]);

  beforeEach(async () => {
    await fillLedger();
    r = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
  });

  it('finds one- and two-character Chinese substrings in every field and says where', () => {
    const cases: Array<[string, string, string]> = [
      ['际', 'car', 'title'],
      ['城建', 'car', 'title'],
      ['整', 'car', 'evaluationStandard'],
      ['产量', 'car', 'evaluationStandard'],
      ['芳', 'car', 'responsible'],
      ['王芳', 'car', 'responsible'],
      ['信', 'car', 'leadUnit'],
      ['工信', 'car', 'leadUnit'],
      ['七', 'car', 'keyPoint'],
      ['要点', 'car', 'keyPoint'],
      ['划', 'car', 'milestone'],
      ['规划', 'car', 'milestone'],
      ['审', 'car', 'note'],
      ['评审', 'car', 'note'],
      ['印', 'portal', 'note'],
      ['印发', 'portal', 'note'],
      ['水', 'river', 'leadUnit'],
      // The title of the key point record a task was registered with, or linked to later.
      ['营', 'river', 'keyPoint'],
      ['营商', 'river', 'keyPoint'],
      ['数字', 'portal', 'keyPoint'],
      // Institutional documents: title and 文号, punctuation included.
      ['供', 'river', 'document'],
      ['供热', 'river', 'document'],
      ['吉发改', 'river', 'document'],
      ['〔2024〕5', 'river', 'document'],
    ];
    for (const [q, id, field] of cases) expect([q, found(q)]).toEqual([q, [[id, field]]]);
  });

  it('finds personal names and document numbers (文号) with their punctuation', () => {
    expect(found('李明')).toEqual([['river', 'responsible']]);
    expect(found('明')).toEqual([['river', 'responsible']]);
    expect(found('长府发〔2025〕12号')).toEqual([['portal', 'note']]);
    expect(found('〔2025〕')).toEqual([['portal', 'note']]);
    // Full-width digits and brackets are folded to the same characters (NFKC).
    expect(found('１２号')).toEqual([['portal', 'note']]);
    expect(found('〔2026〕')).toEqual([]);
  });

  it('ranks title matches first, then the most recently registered', () => {
    // 汽车 is car's title and river's evaluation standard: the title match comes first even
    // though river was registered later.
    expect(found('汽车')).toEqual([
      ['car', 'title'],
      ['river', 'evaluationStandard'],
    ]);
    // 长 is in every title here (长春, 河长制, 长府发 is a note, not a title): most recent first.
    expect(found('长')).toEqual([
      ['river', 'title'],
      ['car', 'title'],
      ['portal', 'note'],
    ]);
  });

  it('finds Chinese text by its pinyin, in full or by initials, and Latin text as before', () => {
    expect(found('qc')).toEqual([['car', 'pinyin']]);
    expect(found('qiche')).toEqual([['car', 'pinyin']]);
    expect(found('qi che')).toEqual([['car', 'pinyin']]);
    expect(found('QiChe')).toEqual([['car', 'pinyin']]);
    expect(found('changchun')).toEqual([['car', 'pinyin']]);
    expect(found('lm')).toEqual([['river', 'pinyin']]);
    expect(found('liming')).toEqual([['river', 'pinyin']]);
    // A surname is read as a surname: 单 is shan, not dan.
    expect(found('shanxiong')).toEqual([['portal', 'pinyin']]);
    expect(found('tuixing')).toEqual([['river', 'pinyin']]);
    expect(found('qmtx')).toEqual([['river', 'pinyin']]);
    expect(found('network')).toEqual([['portal', 'title']]);
    expect(found('NETWORK')).toEqual([['portal', 'title']]);
    expect(found('ne')).toEqual([['portal', 'title']]);
    expect(found('bureau')).toEqual([['portal', 'leadUnit']]);
    expect(found('one net')).toEqual([['portal', 'title']]);
    expect(found('nothing-like-this')).toEqual([]);
  });

  it('treats every character of the query as text, never as search syntax', () => {
    for (const q of ['"', '"quoted"', '50%', '*', 'NOT', 'a OR b', '(', 'x:y', "'", '^']) expect([q, found(q)]).toEqual([q, []]);
    // Nothing left to search is no search: the plain ledger.
    expect(found('   ')).toEqual([
      ['car', undefined],
      ['river', undefined],
      ['portal', undefined],
    ]);
  });

  it('combines q with the other filters', () => {
    expect(found('长', { area: 'livelihood' })).toEqual([['portal', 'note']]);
    expect(found('长', { area: 'real_economy', status: 'planned' })).toEqual([['river', 'title']]);
    // A completed milestone started car, a progress report portal.
    expect(found('长', { status: 'in_progress' })).toEqual([
      ['car', 'title'],
      ['portal', 'note'],
    ]);
  });

  it('pages the ranking by keyset, across title and other-field matches', () => {
    const seen: string[] = [];
    let after: SearchCursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = listTasksJson(r.db, { limit: 1, q: '长', searchAfter: after }, T0, RULE);
      const items = JSON.parse(page.itemsJson) as Array<{ id: string; matchedIn: string; overdue: boolean; revision: number }>;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ overdue: false });
      seen.push(`${items[0]!.id}:${items[0]!.matchedIn}`);
      if (!page.nextKey) break;
      after = page.nextKey as SearchCursor;
    }
    expect(seen).toEqual(['river:title', 'car:title', 'portal:note']);
  });

  it('re-indexes the texts an event changes: a new progress note replaces the old one', async () => {
    await run('portal', { type: 'ReportProgress', data: { taskId: 'portal', percent: 60, note: '平台上线试运行' } });
    expect(await r.waitFor((await harness.store.headPosition())!, 5_000)).toBe(true);
    expect(found('印发')).toEqual([]);
    expect(found('试运行')).toEqual([['portal', 'note']]);
    // The task keeps its place in "most recent first": it was registered last.
    expect(found('长')).toEqual([
      ['river', 'title'],
      ['car', 'title'],
    ]);
    const rebuilt = await harness.runner(taskLedgerProjection, 'task-ledger-rebuilt.sqlite');
    expect(dumpSearch(r.db)).toEqual(dumpSearch(rebuilt.db));
  });

  it('walks the index in ranking order: no scan of the ledger, no sort', () => {
    const plans: string[] = [];
    const prepare = r.db.prepare.bind(r.db);
    r.db.prepare = ((sql: string) => {
      if (!sql.startsWith('EXPLAIN'))
        plans.push(
          (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array<null>(sql.split('?').length - 1).fill(null)) as Array<{ detail: string }>)
            .map((p) => p.detail)
            .join(' | '),
        );
      return prepare(sql);
    }) as typeof r.db.prepare;
    try {
      listTasksJson(r.db, { limit: 50, q: '长', area: 'real_economy' }, T0, RULE);
      listTasksJson(r.db, { limit: 50, q: '长', searchAfter: [1, 2] }, T0, RULE);
    } finally {
      r.db.prepare = prepare;
    }
    // The page's sub-task roll-up is a statement of its own, on the parent index (the ledger spec checks it).
    const pages = plans.filter((p) => !/^SEARCH tasks USING INDEX tasks_parent/.test(p));
    expect(pages.length).toBeGreaterThan(0);
    expect(plans.length - pages.length).toBe(1);
    for (const plan of pages) {
      expect(plan).toMatch(/^SCAN f VIRTUAL TABLE INDEX/);
      expect(plan).toMatch(/SEARCH k USING INTEGER PRIMARY KEY/);
      expect(plan).toMatch(/SEARCH t USING INDEX sqlite_autoindex_tasks_1 \(id=\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('task ledger search on a data directory of the previous version', () => {
  it('rebuilds the ledger with the new index and drops the trigram tables', async () => {
    await fillLedger();
    // The previous version's file: its tables, a checkpoint at the head, no search index.
    const file = path.join(harness.dir, 'task-ledger.sqlite');
    const old = openReadModelDb(file);
    old.exec(`
      CREATE TABLE tasks (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE tasks_fts_ids (fts_rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE tasks_fts USING fts5(title, tokenize = 'trigram');
    `);
    old
      .prepare(`INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES ('task-ledger', ?, ?, NULL, '')`)
      .run(taskLedgerProjection.version - 1, await harness.store.headPosition());
    old.close();
    const r = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const tables = r.db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'tasks_fts%'`).pluck(true).all();
    expect(tables).toEqual([]);
    expect(listTasks(r.db, { limit: 50, q: '李明' }, T0, RULE).map((t) => [t.id, t.matchedIn])).toEqual([['river', 'responsible']]);
    expect(r.info()).toMatchObject({ version: taskLedgerProjection.version, checkpoint: await harness.store.headPosition() });
  });
});

/** The search tables, contentless FTS5 included (through fts5vocab): equal dumps, equal indexes. */
function dumpSearch(db: Database.Database): unknown {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.tasks_search_terms USING fts5vocab(main, tasks_search, 'instance')`);
  return {
    keys: db.prepare('SELECT * FROM tasks_search_keys ORDER BY s_key').all(),
    terms: db.prepare('SELECT * FROM temp.tasks_search_terms ORDER BY term, doc, col, offset').all(),
  };
}
