import { DEFAULT_DUE_CALENDAR, subtaskRegistration, taskDeciderFor, type DomainActor, type Task, type TaskCommand } from '#domain';
import { executeCommand } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { taskLedgerProjection } from './task-ledger.projection.js';
import { getTask, listTasks } from './task-ledger.queries.js';
import { legacyTaskCount } from './task-numbers.js';

// Ledger numbers on real SQLite: tasks recorded before numbers existed are numbered by the
// ledger in registration order per calendar year in Beijing; numbered tasks keep theirs.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const harness = useProjectionHarness('task-numbers-');
const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const RULE = { warningWindowMs: 0, timeZone: 'Asia/Shanghai' };

async function run(stream: string, command: Omit<TaskCommand, 'metadata'>, now: string): Promise<void> {
  await executeCommand(harness.store, `task-${stream}`, decider, { ...command, metadata: { actor: office, now } } as TaskCommand, {
    context: commandContext(office, now),
  });
}

async function register(taskId: string, now: string, number?: string): Promise<void> {
  const data = {
    taskId,
    title: `任务 ${taskId}`,
    area: 'real_economy' as const,
    specialGroup: 'g',
    specialGroupRegistered: true,
    leadUnit: 'industry-bureau',
    responsible: 'Li Na',
    evaluationStandard: 'result',
    deadline: '2027-12-31',
    milestones: [],
    ...(number !== undefined ? { number } : {}),
  };
  await run(taskId, { type: 'RegisterTask', data }, now);
}

async function dispatchChild(parentId: string, childId: string, now: string): Promise<void> {
  const subtask = { leadUnit: 'sub-unit', responsible: 'Wang', deadline: '2027-06-30' };
  await run(
    parentId,
    { type: 'DispatchSubtask', data: { taskId: parentId, subtaskId: childId, subtask, leadUnitAncestors: ['industry-bureau'] } },
    now,
  );
  let parent: Task | null = null;
  for await (const e of harness.store.readStream(`task-${parentId}`)) parent = decider.evolve(parent, e as never);
  if (!parent) throw new Error(`no task ${parentId}`);
  await run(
    childId,
    {
      type: 'RegisterSubtask',
      data: subtaskRegistration(
        parent,
        parent.subtasks.find((s) => s.id === childId)!,
      ),
    },
    now,
  );
}

describe('task ledger numbers', () => {
  it('numbers older tasks per Beijing year in registration order, their sub-tasks by place, and keeps recorded numbers', async () => {
    // 2025-12-31T16:30Z is already 1 January 2026 in Beijing.
    await register('old-a', '2025-12-31T15:30:00.000Z');
    await register('old-b', '2025-12-31T16:30:00.000Z');
    await register('old-c', '2026-02-01T00:00:00.000Z');
    await dispatchChild('old-b', 'old-b-1', '2026-02-02T00:00:00.000Z');
    await dispatchChild('old-b', 'old-b-2', '2026-02-02T00:00:01.000Z');
    // Numbered since: the year's sequence started after the two of 2026 recorded before.
    await register('new-a', '2026-03-01T00:00:00.000Z', '2026-0003');
    await dispatchChild('new-a', 'new-a-1', '2026-03-02T00:00:00.000Z');

    const r = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const number = (id: string) => getTask(r.db, id, Date.parse('2026-04-01T00:00:00Z'), RULE)?.number;
    expect(['old-a', 'old-b', 'old-c', 'old-b-1', 'old-b-2', 'new-a', 'new-a-1'].map(number)).toEqual([
      '2025-0001',
      '2026-0001',
      '2026-0002',
      '2026-0001-01',
      '2026-0001-02',
      '2026-0003',
      '2026-0003-01',
    ]);
    expect([legacyTaskCount(r.db, 2025), legacyTaskCount(r.db, 2026), legacyTaskCount(r.db, 2027)]).toEqual([1, 2, 0]);
    // `q` finds a task by its number (and its sub-tasks, whose numbers start with it).
    const found = listTasks(r.db, { q: '2026-0001', limit: 10 }, Date.parse('2026-04-01T00:00:00Z'), RULE).map((t) => t.id);
    expect(found.sort()).toEqual(['old-b', 'old-b-1', 'old-b-2']);

    // A rebuild derives the same numbers again, and a replay over the same file counts nothing twice.
    const rebuilt = await harness.runner(taskLedgerProjection, 'task-ledger-rebuilt.sqlite');
    expect(getTask(rebuilt.db, 'old-c', Date.parse('2026-04-01T00:00:00Z'), RULE)?.number).toBe('2026-0002');
    expect(legacyTaskCount(rebuilt.db, 2026)).toBe(2);
    await harness.expectReplayChangesNothing(taskLedgerProjection, 'task-ledger-replayed.sqlite', (db) => ({
      numbers: db.prepare('SELECT * FROM task_numbers ORDER BY task_id').all(),
      years: db.prepare('SELECT * FROM task_legacy_years ORDER BY year').all(),
      docs: db.prepare(`SELECT id, json_extract(doc, '$.number') AS number FROM tasks ORDER BY id`).all(),
    }));
  });
});
