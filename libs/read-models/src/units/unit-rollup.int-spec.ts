import {
  DEFAULT_DUE_CALENDAR,
  taskDeciderFor,
  taskStream,
  unitDecider,
  unitStream,
  type DomainActor,
  type TaskCommand,
  type UnitCommand,
} from '#domain';
import { executeCommand } from '#event-store';
import { taskLedgerProjection } from '../task-ledger/task-ledger.projection.js';
import { listTasks } from '../task-ledger/task-ledger.queries.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { rollUpUnit } from './unit-rollup.js';
import { unitsProjection } from './units.projection.js';
import { unitSubtree } from './units.queries.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

// Roll-ups up the tree on real SQLite: the units read model and the task ledger, both fed
// through the real command path, against numbers counted by hand.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const NOW = T0 + 20 * DAY;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const iso = (ms: number) => new Date(ms).toISOString();
const harness = useProjectionHarness('unit-rollup-');
let clock = T0;

async function send<C extends TaskCommand | UnitCommand>(
  stream: string,
  decider: typeof taskDecider | typeof unitDecider,
  command: Omit<C, 'metadata'>,
): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  await executeCommand(
    harness.store,
    stream,
    decider as typeof taskDecider,
    { ...command, metadata: { actor: office, now } } as TaskCommand,
    { context: commandContext(office, now) },
  );
}
const unit = (code: string, parent?: string) =>
  send(unitStream(code), unitDecider, {
    type: 'RegisterUnit',
    data: { code, name: code, level: 'district', ...(parent ? { parent, parentRegistered: true, parentAncestors: [] } : {}) },
  });
const task = (taskId: string, leadUnit: string, deadlineDays: number) =>
  send(taskStream(taskId), taskDecider, {
    type: 'RegisterTask',
    data: {
      taskId,
      title: taskId,
      area: 'livelihood',
      specialGroup: 'g',
      specialGroupRegistered: true,
      leadUnit,
      responsible: 'r',
      evaluationStandard: 's',
      deadline: iso(T0 + deadlineDays * DAY),
      milestones: [],
    },
  });
const act = (taskId: string, command: { type: string; data: Record<string, unknown> }) =>
  send(taskStream(taskId), taskDecider, { ...command, data: { taskId, ...command.data } } as TaskCommand);

// city ← nanguan ← yongxing; city ← chaoyang; water-bureau never registered.
async function fill(): Promise<void> {
  await unit('city');
  await unit('nanguan', 'city');
  await unit('yongxing', 'nanguan');
  await unit('chaoyang', 'city');
  await task('c1', 'city', 30);
  await act('c1', { type: 'ReportProgress', data: { percent: 40, note: '' } });
  await task('n1', 'nanguan', 10); // planned, overdue at NOW
  await task('n2', 'nanguan', 5);
  await act('n2', { type: 'ReportProgress', data: { percent: 100, note: '' } });
  await act('n2', { type: 'SubmitTaskCompletion', data: { evidence: 'e' } });
  await act('n2', { type: 'AcceptTask', data: {} });
  await task('y1', 'yongxing', 10); // in progress, overdue at NOW
  await act('y1', { type: 'ReportProgress', data: { percent: 60, note: '' } });
  await task('y2', 'yongxing', 10);
  await act('y2', { type: 'CancelTask', data: { reason: 'merged' } });
  await task('ch1', 'chaoyang', 30);
  await task('x1', 'water-bureau', 30);
}

const lights = (over: Record<string, number>) => ({ red: 0, yellow: 0, green: 0, ...over });
const status = (over: Record<string, number>) => ({ planned: 0, in_progress: 0, submitted: 0, accepted: 0, cancelled: 0, ...over });

describe('unit roll-ups', () => {
  it('counts own tasks and the whole subtree, as counted by hand', async () => {
    await fill();
    const units = await harness.runner(unitsProjection, 'units.sqlite');
    const ledger = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const at = (code: string) => rollUpUnit(ledger.db, units.db, code, NOW, RULE);

    // nanguan leads n1 (planned, overdue, 0%) and n2 (accepted, 100%).
    expect(at('nanguan').own).toEqual({
      total: 2,
      byStatus: status({ planned: 1, accepted: 1 }),
      overdue: 1,
      averageProgress: 50,
      byLight: lights({ red: 1 }),
    });
    // ... and below it y1 (in progress, overdue, 60%) and y2 (cancelled: not in the average).
    expect(at('nanguan').subtree).toEqual({
      total: 4,
      byStatus: status({ planned: 1, accepted: 1, in_progress: 1, cancelled: 1 }),
      overdue: 2,
      averageProgress: 53.3,
      byLight: lights({ red: 2 }),
    });
    // The city adds c1 (in progress, 40%) and chaoyang's ch1 (planned, 0%): (40+0+100+60+0)/5.
    // Both are yellow: two thirds of their time gone, progress more than 25 points behind (and
    // nobody acknowledged them within the default three days).
    expect(at('city')).toEqual({
      unit: 'city',
      registered: true,
      units: 4,
      own: { total: 1, byStatus: status({ in_progress: 1 }), overdue: 0, averageProgress: 40, byLight: lights({ yellow: 1 }) },
      subtree: {
        total: 6,
        byStatus: status({ planned: 2, in_progress: 2, accepted: 1, cancelled: 1 }),
        overdue: 2,
        averageProgress: 40,
        byLight: lights({ red: 2, yellow: 2 }),
      },
    });
    // A unit never registered is a top-level leaf: its own tasks are its subtree's.
    const water = at('water-bureau');
    expect([water.registered, water.units, water.own, water.subtree.total]).toEqual([false, 1, water.subtree, 1]);
    // A unit with no tasks rolls up to zero, and `null` progress.
    expect(at('chaoyang').subtree.total).toBe(1);
    expect(rollUpUnit(ledger.db, units.db, 'nobody', NOW, RULE).own).toEqual({
      total: 0,
      byStatus: status({}),
      overdue: 0,
      averageProgress: null,
      byLight: lights({}),
    });
  });

  it('lists the ledger of a subtree (unitTree), oldest first', async () => {
    await fill();
    const units = await harness.runner(unitsProjection, 'units.sqlite');
    const ledger = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    const ids = (code: string) => listTasks(ledger.db, { leadUnits: unitSubtree(units.db, code), limit: 50 }, NOW, RULE).map((t) => t.id);
    expect(ids('nanguan')).toEqual(['n1', 'n2', 'y1', 'y2']);
    expect(ids('city')).toEqual(['c1', 'n1', 'n2', 'y1', 'y2', 'ch1']);
    expect(ids('water-bureau')).toEqual(['x1']);
    expect(
      listTasks(ledger.db, { leadUnits: unitSubtree(units.db, 'city'), overdue: true, limit: 50 }, NOW, RULE).map((t) => t.id),
    ).toEqual(['n1', 'y1']);
  });
});
