import {
  DEFAULT_DUE_CALENDAR,
  evolveTask,
  initialTaskState,
  instantMs,
  taskDeciderFor,
  taskLight,
  TASK_LIGHTS,
  type Task,
  type TaskCommand,
  type TaskEvent,
  type TaskState,
} from '#domain';
import { executeCommand } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { taskLedgerProjection } from './task-ledger.projection.js';
import { listTasksJson, type TaskFilter } from './task-ledger.queries.js';
import { summarizeTasks } from './task-summary.queries.js';
import { TASK_SORTS, type TaskSort } from './task-order.js';

// The ledger's sorted pages and its pages as of a past moment, on real SQLite, against the
// domain: every sort pages through the whole ledger once, in the order the domain's values give;
// the lights as of a moment are the domain's taskLight of each task folded to that moment.

const office = { id: 'office-1', roles: ['reform_office' as const] };
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const iso = (ms: number) => new Date(ms).toISOString();
const harness = useProjectionHarness('task-order-');
const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR, { acknowledgeWindowMs: 365 * DAY });
let clock: number;

async function run(taskId: string, command: Omit<TaskCommand, 'metadata'>, stepMs = 1_000): Promise<void> {
  clock += stepMs;
  const now = iso(clock);
  await executeCommand(harness.store, `task-${taskId}`, decider, { ...command, metadata: { actor: office, now } } as TaskCommand, {
    context: commandContext(office, now),
  });
}

const register = (taskId: string, deadlineDays: number, milestoneDays = deadlineDays - 5) =>
  run(taskId, {
    type: 'RegisterTask',
    data: {
      taskId,
      title: `Task ${taskId}`,
      area: 'real_economy',
      specialGroup: 'auto-city-group',
      specialGroupRegistered: true,
      leadUnit: 'industry-bureau',
      responsible: 'Li Na',
      evaluationStandard: 'Measurable result',
      deadline: iso(T0 + deadlineDays * DAY),
      milestones: [{ milestoneId: `${taskId}-m1`, title: 'First step', due: iso(T0 + milestoneDays * DAY) }],
    },
  });

/** Twelve tasks: equal deadlines and progress (ties), reports days apart, one accepted, one cancelled. */
async function fillLedger(): Promise<void> {
  clock = T0;
  const deadlines = [10, 20, 20, 30, 40, 40, 50, 60, 70, 80, 90, 20];
  for (const [i, d] of deadlines.entries()) await register(`t${String(i).padStart(2, '0')}`, d);
  await run('t03', { type: 'ReportProgress', data: { taskId: 't03', percent: 50, note: 'half' } }, 3 * DAY);
  await run('t07', { type: 'ReportProgress', data: { taskId: 't07', percent: 50, note: 'half' } }, DAY);
  await run('t01', { type: 'CompleteMilestone', data: { taskId: 't01', milestoneId: 't01-m1' } }, DAY);
  await run('t05', { type: 'SubmitTaskCompletion', data: { taskId: 't05', evidence: 'done' } }, DAY);
  await run('t05', { type: 'AcceptTask', data: { taskId: 't05', closedSubtasks: [] } }, DAY);
  await run('t09', { type: 'CancelTask', data: { taskId: 't09', reason: 'merged' } }, 12 * DAY);
  await run('t02', { type: 'ReportProgress', data: { taskId: 't02', percent: 90, note: 'nearly' } }, 2 * DAY);
}

/** Each task's states after each of its events, from the store, folded with the domain's evolve. */
async function statesByTask(): Promise<Map<string, Task[]>> {
  const folded = new Map<string, TaskState>();
  const out = new Map<string, Task[]>();
  for await (const e of harness.store.readAll()) {
    const state = evolveTask(folded.get(e.stream) ?? initialTaskState(), { type: e.type, data: e.data } as TaskEvent);
    folded.set(e.stream, state);
    if (state) out.set(state.id, [...(out.get(state.id) ?? []), state]);
  }
  return out;
}

/** Every page of a filter, following the keyset; the items in the order received. */
function pages(
  db: Parameters<typeof listTasksJson>[0],
  f: Omit<TaskFilter, 'limit'>,
  nowMs: number,
): Array<Task & { light: string | null }> {
  const items: Array<Task & { light: string | null }> = [];
  let after: TaskFilter['after'] = null;
  for (let n = 0; n < 50; n++) {
    const page = listTasksJson(db, { ...f, limit: 5, after }, nowMs, RULE);
    items.push(...(JSON.parse(page.itemsJson) as Array<Task & { light: string | null }>));
    if (!page.nextKey) return items;
    after = page.nextKey as [number, string];
  }
  throw new Error('the keyset never ended');
}

const RANK: Record<string, number> = { red: 0, yellow: 1, green: 2 };

/** The order the domain's own values give a sort, ties by id. */
function domainOrder(tasks: Task[], sort: TaskSort, nowMs: number): string[] {
  const field = sort.replace(/^-/, '');
  const value = (t: Task): number =>
    field === 'deadline'
      ? instantMs(t.deadline)
      : field === 'progress'
        ? t.progress
        : field === 'updatedAt'
          ? instantMs(t.updatedAt)
          : (RANK[taskLight(t, nowMs, RULE) ?? ''] ?? 3);
  const sign = sort.startsWith('-') ? -1 : 1;
  return [...tasks].sort((a, b) => sign * (value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))).map((t) => t.id);
}

describe('task ledger order and as-of pages', () => {
  it('pages every sort through the whole ledger once, in the order of the domain values, ties by id', async () => {
    await fillLedger();
    const r = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const now = T0 + 25 * DAY;
    const latest = [...(await statesByTask()).values()].map((states) => states[states.length - 1]!);
    for (const sort of TASK_SORTS) {
      expect([sort, pages(r.db, { sort }, now).map((t) => t.id)]).toEqual([sort, domainOrder(latest, sort, now)]);
    }
    // Filters and sorts together: the open tasks by deadline, latest first.
    const open = pages(r.db, { sort: '-deadline', status: 'planned' }, now);
    expect(open.map((t) => t.id)).toEqual(
      domainOrder(
        latest.filter((t) => t.status === 'planned'),
        '-deadline',
        now,
      ),
    );
  });

  it('as of a past moment, lists the tasks registered by then with the lights the domain gives them folded to then', async () => {
    await fillLedger();
    const r = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const states = await statesByTask();
    const moments = [T0 + 5_500, T0 + 4 * DAY, T0 + 12 * DAY, T0 + 19 * DAY, T0 + 21 * DAY, T0 + 35 * DAY, T0 + 95 * DAY];
    for (const at of moments) {
      // Each task as it stood at `at`: its last state updated by then (none before it was registered).
      const then = [...states.values()].flatMap((s) => s.filter((t) => instantMs(t.updatedAt) <= at).slice(-1));
      for (const light of TASK_LIGHTS) {
        const listed = pages(r.db, { asOf: true, light, sort: 'deadline' }, at);
        const expected = then.filter((t) => taskLight(t, at, RULE) === light);
        expect([iso(at), light, listed.map((t) => t.id)]).toEqual([iso(at), light, domainOrder(expected, 'deadline', at)]);
        // The same fragment counts the as-of summary.
        expect(summarizeTasks(r.db, at, RULE, { asOf: true }).byLight[light]).toBe(listed.length);
      }
      const all = pages(r.db, { asOf: true }, at);
      expect(all.map((t) => [t.id, t.status, t.progress, t.light])).toEqual(
        [...then]
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
          .map((t) => [t.id, t.status, t.progress, taskLight(t, at, RULE)]),
      );
    }
  });
});
