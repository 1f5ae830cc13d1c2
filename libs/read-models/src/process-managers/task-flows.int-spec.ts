import path from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_DUE_CALENDAR, taskDeciderFor, taskStream, type DomainActor, type TaskCommand, type TaskState } from '#domain';
import { executeCommand, loadStream, storeCommandSender, type CommandSender, type RecordedEvent } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { ProcessManager } from './process-manager.js';
import { taskFlows } from './task-flows.js';

// The task flows driven the way a script or the worker drives them: no HTTP, no Nest, a real
// SQLite store, the command path, and the process manager following the store.

const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const district: DomainActor = { id: 'dept-nanguan', roles: ['department'], unit: 'nanguan' };
const harness = useProjectionHarness('task-flows-');
let clock = Date.parse('2026-03-01T00:00:00.000Z');
const managers: ProcessManager[] = [];

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

async function send(
  actor: DomainActor,
  taskId: string,
  command: { type: TaskCommand['type']; data: Record<string, unknown> },
): Promise<number | null> {
  clock += 1_000;
  const now = new Date(clock).toISOString();
  const full = { ...command, data: { taskId, ...command.data }, metadata: { actor, now } } as TaskCommand;
  return (await executeCommand(harness.store, taskStream(taskId), decider, full, { context: commandContext(actor, now) })).position;
}
const register = (taskId: string) =>
  send(office, taskId, {
    type: 'RegisterTask',
    data: {
      title: '基层治理',
      area: 'livelihood',
      specialGroup: 'g',
      specialGroupRegistered: true,
      leadUnit: 'nanguan',
      responsible: 'r',
      evaluationStandard: 's',
      deadline: '2026-12-31',
      milestones: [],
    },
  });
const dispatch = (actor: DomainActor, parentId: string, subtaskId: string, leadUnit: string) =>
  send(actor, parentId, {
    type: 'DispatchSubtask',
    data: {
      subtaskId,
      subtask: { leadUnit, responsible: '主任', deadline: '2026-11-30', milestones: [] },
      leadUnitAncestors: ['nanguan', 'city'],
    },
  });

/** A running manager of the task flows on its own file, with `sender` (default: the command path). */
async function manager(sender: CommandSender = storeCommandSender(harness.store), file = 'flows.sqlite'): Promise<ProcessManager> {
  const m = new ProcessManager({
    name: 'process-managers',
    store: harness.store,
    file: path.join(harness.dir, file),
    reactions: taskFlows({ store: harness.store, sender, decider }),
    retryAfterMs: 10,
  });
  managers.push(m);
  await m.start();
  return m;
}

/** Waits until the manager has reacted to everything in the store, its own commands' events included. */
async function settle(m: ProcessManager): Promise<void> {
  for (;;) {
    const head = (await harness.store.headPosition())!;
    expect(await m.waitFor(head, 10_000)).toBe(true);
    if ((await harness.store.headPosition()) === head) return;
  }
}

const task = async (id: string): Promise<TaskState> => (await loadStream(harness.store, taskStream(id), decider)).state;
async function eventsOf(id: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of harness.store.readStream(taskStream(id))) events.push(e);
  return events;
}

describe('task flows without HTTP', () => {
  it('registers a dispatched sub-task from what its parent recorded, once, as the dispatcher', async () => {
    const m = await manager();
    await register('p1');
    const dispatched = (await dispatch(district, 'p1', 'c1', 'yongxing'))!;
    await settle(m);
    expect(await task('c1')).toMatchObject({
      id: 'c1',
      parentId: 'p1',
      leadUnit: 'yongxing',
      area: 'livelihood',
      specialGroup: 'g',
      status: 'planned',
    });
    const [registered, ...more] = await eventsOf('c1');
    expect(more).toEqual([]);
    expect(registered!.metadata).toMatchObject({ actor: district, causationId: (await eventsOf('p1'))[1]!.id });
    expect(registered!.position).toBeGreaterThan(dispatched);
  });

  it('cancels the open sub-tasks all the way down with the reason; a final child and its subtree stay as they were', async () => {
    const m = await manager();
    await register('p1');
    await dispatch(office, 'p1', 'c1', 'nanguan');
    await dispatch(office, 'p1', 'c2', 'chaoyang');
    await settle(m);
    await dispatch(district, 'c1', 'g1', 'yongxing');
    await send(office, 'c2', { type: 'ReportProgress', data: { percent: 100, note: '' } });
    await send(office, 'c2', { type: 'SubmitTaskCompletion', data: { evidence: 'e' } });
    await send(office, 'c2', { type: 'AcceptTask', data: { closedSubtasks: [] } });
    await settle(m);
    await send(office, 'p1', { type: 'CancelTask', data: { reason: '并入全市改革' } });
    await settle(m);
    expect(await task('c1')).toMatchObject({ status: 'cancelled', cancelReason: '并入全市改革', cancelledWithParent: 'p1' });
    expect(await task('g1')).toMatchObject({ status: 'cancelled', cancelReason: '并入全市改革', cancelledWithParent: 'c1' });
    expect((await task('c2'))!.status).toBe('accepted');
  });

  it('a replay from the start appends nothing: every command id is derived from its causing event', async () => {
    const m = await manager();
    await register('p1');
    await dispatch(office, 'p1', 'c1', 'nanguan');
    await settle(m);
    await dispatch(district, 'c1', 'g1', 'yongxing');
    await send(office, 'p1', { type: 'CancelTask', data: { reason: 'r' } });
    await settle(m);
    await m.close();
    const head = await harness.store.headPosition();
    // The checkpoint lost: the manager reacts to every event again.
    const db = new Database(path.join(harness.dir, 'flows.sqlite'));
    db.prepare('UPDATE _projection SET checkpoint = NULL, checkpoint_time = NULL').run();
    db.close();
    await settle(await manager());
    expect(await harness.store.headPosition()).toBe(head);
  });

  it('completes a cascade cut short by a failing store: the step that failed is retried from the checkpoint, nothing twice', async () => {
    await register('p1');
    const m0 = await manager();
    for (const child of ['c1', 'c2', 'c3']) await dispatch(office, 'p1', child, 'nanguan');
    await settle(m0);
    await m0.close();
    // The second cancellation fails once, as if the store went away between the steps.
    const real = storeCommandSender(harness.store);
    let sends = 0;
    const failingOnce: CommandSender = {
      send: (stream, d, command, options) =>
        ++sends === 2 ? Promise.reject(new Error('store unavailable')) : real.send(stream, d, command, options),
    };
    const m = await manager(failingOnce);
    await send(office, 'p1', { type: 'CancelTask', data: { reason: 'r' } });
    await settle(m);
    expect(sends).toBeGreaterThan(3);
    for (const child of ['c1', 'c2', 'c3']) expect((await eventsOf(child)).map((e) => e.type)).toEqual(['TaskRegistered', 'TaskCancelled']);
  });

  it('a manager that never ran starts at the store head: earlier flows were completed by whoever ran them', async () => {
    await register('p1');
    await dispatch(office, 'p1', 'c1', 'nanguan');
    const m = await manager();
    await settle(m);
    expect(await task('c1')).toBeNull();
  });
});
