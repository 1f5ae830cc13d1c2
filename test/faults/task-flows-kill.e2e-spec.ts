/*
 * The task flows survive a crash between their steps: the process manager runs in a script
 * (test/support/task-flows.child.ts) that SIGKILLs itself right after the first step of a flow
 * is appended, once for a dispatch (the child registered, the checkpoint still before the
 * dispatch) and once for a cascading cancellation (one sub-task cancelled, the rest still open).
 * Restarted, the script completes each flow, and every step is in the store exactly once.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { taskDeciderFor, taskStream, type DomainActor, type TaskCommand } from '#domain';
import { executeCommand, SqliteEventStore, type RecordedEvent } from '#event-store';
import { until, type Child } from '../support/child-process.js';
import { checkStore, faultFixture, figure } from '../support/fault-checks.js';

const decider = taskDeciderFor({ timeZone: 'Asia/Shanghai' });
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const district: DomainActor = { id: 'dept-nanguan', roles: ['department'], unit: 'nanguan' };

describe('the task flows SIGKILLed between their steps', () => {
  const { children, dataDir } = faultFixture('task-flows');
  let store: SqliteEventStore;

  afterAll(async () => {
    await store?.close();
  });

  /** Starts the flows' script; resolves once it follows the store. */
  async function flows(killAfterSends = 0): Promise<Child> {
    const child = children.node('task-flows', 'test/support/task-flows.child.ts', {
      DATA_DIR: dataDir(),
      KILL_AFTER_SENDS: String(killAfterSends),
    });
    await until('the flows to start', async () => child.stdout().includes('ready'), 60_000, child);
    return child;
  }

  let n = 0;
  async function send(actor: DomainActor, taskId: string, type: TaskCommand['type'], data: Record<string, unknown>): Promise<void> {
    const now = new Date(Date.parse('2026-03-01T00:00:00.000Z') + ++n * 1_000).toISOString();
    const command = { type, data: { taskId, ...data }, metadata: { actor, now } } as TaskCommand;
    await executeCommand(store, taskStream(taskId), decider, command, {
      context: { actor, occurredAt: now, correlationId: `c${n}`, causationId: `c${n}`, commandId: `cmd-${n}` },
    });
  }
  const dispatch = (actor: DomainActor, parentId: string, subtaskId: string, leadUnit: string) =>
    send(actor, parentId, 'DispatchSubtask', {
      subtaskId,
      subtask: { leadUnit, responsible: '主任', deadline: '2026-11-30', milestones: [] },
      leadUnitAncestors: ['nanguan', 'city'],
    });

  async function types(taskId: string): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const e of store.readStream(taskStream(taskId))) out.push(e.type);
    } catch {
      // not registered yet
    }
    return out;
  }

  /** Where the script's checkpoint is (its SQLite file, read as another process would). */
  function checkpoint(): number | null {
    const db = new Database(path.join(dataDir(), 'process-managers.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT checkpoint FROM _projection').pluck().get() as number | null) ?? null;
    } finally {
      db.close();
    }
  }

  /** Waits until the script has reacted to everything in the store, its own steps included. */
  async function settled(child: Child): Promise<void> {
    await until(
      'the flows to settle',
      async () => {
        const head = await store.headPosition();
        return head !== null && (checkpoint() ?? -1) >= head && (await store.headPosition()) === head;
      },
      60_000,
      child,
    );
  }

  it('completes a dispatch and a cascade once after a kill between their steps', async () => {
    store = SqliteEventStore.open({ path: path.join(dataDir(), 'events.sqlite'), pollIntervalMs: 10 });
    // The dispatch: killed once the first child is registered, before the second is.
    let child = await flows(1);
    await send(office, 'p1', 'RegisterTask', {
      title: '基层治理',
      area: 'livelihood',
      specialGroup: 'g',
      specialGroupRegistered: true,
      leadUnit: 'nanguan',
      responsible: 'r',
      evaluationStandard: 's',
      deadline: '2026-12-31',
      milestones: [],
    });
    await dispatch(office, 'p1', 'c1', 'nanguan');
    await dispatch(office, 'p1', 'c2', 'nanguan');
    expect(await child.exited).toBe('SIGKILL');
    expect([await types('c1'), await types('c2')]).toEqual([['TaskRegistered'], []]);

    child = await flows();
    await until('c2 registered', async () => (await types('c2')).length === 1, 60_000, child);
    await dispatch(district, 'c1', 'g1', 'yongxing');
    await settled(child);
    await children.kill(child);

    // The cascade: killed once the first sub-task is cancelled, before the others are.
    child = await flows(1);
    await send(office, 'p1', 'CancelTask', { reason: '并入全市改革' });
    expect(await child.exited).toBe('SIGKILL');
    const cancelled = async () =>
      (await Promise.all(['c1', 'g1', 'c2'].map(types))).map((t) => t.filter((x) => x === 'TaskCancelled').length);
    expect(await cancelled()).toEqual([1, 0, 0]);

    child = await flows();
    await settled(child);
    expect(await cancelled()).toEqual([1, 1, 1]);
    for (const id of ['c1', 'c2', 'g1']) expect((await types(id)).filter((t) => t === 'TaskRegistered')).toHaveLength(1);
    // A third start reacts to nothing new: its steps are all there under their derived ids.
    const head = await store.headPosition();
    await children.kill(child);
    child = await flows();
    await settled(child);
    expect(await store.headPosition()).toBe(head);
    await children.kill(child);

    const check = await checkStore(store, []);
    expect([check.gaps, check.chainsValid]).toEqual([[], true]);
    const cascaded: RecordedEvent[] = [];
    for await (const e of store.readAll()) if (e.type === 'TaskCancelled') cascaded.push(e);
    figure('task-flows-kill', `2 kills between steps; ${check.events} events, ${cascaded.length} cancellations, each once; chains valid`);
  });
});
