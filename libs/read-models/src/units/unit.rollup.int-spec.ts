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
import { rollUpUnit } from './unit.rollup.js';
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
  actor: DomainActor = office,
): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  await executeCommand(harness.store, stream, decider as typeof taskDecider, { ...command, metadata: { actor, now } } as TaskCommand, {
    context: commandContext(actor, now),
  });
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
const act = (taskId: string, command: { type: string; data: Record<string, unknown> }, actor?: DomainActor) =>
  send(taskStream(taskId), taskDecider, { ...command, data: { taskId, ...command.data } } as TaskCommand, actor);

// city ← nanguan ← yongxing; city ← chaoyang; water-bureau never registered.
async function fill(): Promise<void> {
  await unit('city');
  await unit('nanguan', 'city');
  await unit('yongxing', 'nanguan');
  await unit('chaoyang', 'city');
  await task('c1', 'city', 30);
  await act('c1', { type: 'ReportProgress', data: { percent: 40, note: '' } });
  await task('n1', 'nanguan', 10); // planned, overdue at NOW, a pending extension request
  const nanguan: DomainActor = { id: 'dept-n', roles: ['department'], unit: 'nanguan' };
  await act('n1', { type: 'RequestTaskExtension', data: { requestId: 'r1', deadline: iso(T0 + 40 * DAY), reason: 'more time' } }, nanguan);
  await task('n2', 'nanguan', 5);
  await act('n2', { type: 'ReportProgress', data: { percent: 100, note: '' } });
  await act('n2', { type: 'SubmitTaskCompletion', data: { evidence: 'e' } });
  await act('n2', { type: 'AcceptTask', data: {} });
  await task('y1', 'yongxing', 10); // in progress, overdue at NOW
  await act('y1', { type: 'ReportProgress', data: { percent: 60, note: '' } });
  // Weekly from the week of 1 March 2025 (reported in it): the next week's report is overdue at NOW. c1's monthly one is not yet due.
  await act('y1', { type: 'SetTaskReporting', data: { every: 'weekly' } });
  await act('c1', { type: 'SetTaskReporting', data: { every: 'monthly' } });
  await task('y2', 'yongxing', 10);
  await act('y2', { type: 'CancelTask', data: { reason: 'merged' } });
  await task('ch1', 'chaoyang', 30);
  await task('x1', 'water-bureau', 30);
}

const lights = (over: Record<string, number>) => ({ red: 0, yellow: 0, green: 0, ...over });
/** The supervision counts of a unit's roll-up: none unless said. */
const waiting = (over: Record<string, number> = {}) => ({
  pendingExtensions: 0,
  openInstructions: 0,
  openUrgings: 0,
  reportOverdue: 0,
  ...over,
});
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
      ...waiting({ pendingExtensions: 1 }),
    });
    // ... and below it y1 (in progress, overdue, 60%) and y2 (cancelled: not in the average).
    expect(at('nanguan').subtree).toEqual({
      total: 4,
      byStatus: status({ planned: 1, accepted: 1, in_progress: 1, cancelled: 1 }),
      overdue: 2,
      averageProgress: 53.3,
      byLight: lights({ red: 2 }),
      ...waiting({ pendingExtensions: 1, reportOverdue: 1 }),
    });
    // The city adds c1 (in progress, 40%) and chaoyang's ch1 (planned, 0%): (40+0+100+60+0)/5.
    // Both are yellow: two thirds of their time gone, progress more than 25 points behind (and
    // nobody acknowledged them within the default three days).
    expect(at('city')).toEqual({
      unit: 'city',
      registered: true,
      units: 4,
      own: {
        total: 1,
        byStatus: status({ in_progress: 1 }),
        overdue: 0,
        averageProgress: 40,
        byLight: lights({ yellow: 1 }),
        ...waiting(),
      },
      subtree: {
        total: 6,
        byStatus: status({ planned: 2, in_progress: 2, accepted: 1, cancelled: 1 }),
        overdue: 2,
        averageProgress: 40,
        byLight: lights({ red: 2, yellow: 2 }),
        ...waiting({ pendingExtensions: 1, reportOverdue: 1 }),
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
      ...waiting(),
    });
  });

  it('adds up open instructions and urgings, pending extensions and overdue reports over the subtree the reader may read', async () => {
    await fill();
    const units = await harness.runner(unitsProjection, 'units.sqlite');
    const ledger = await harness.runner(taskLedgerProjection, 'task-ledger.sqlite');
    // What the instructions' and urgings' read models count per unit for a reader.
    const open = {
      nanguan: { openInstructions: 1, openUrgings: 2 },
      yongxing: { openInstructions: 3, openUrgings: 0 },
      chaoyang: { openInstructions: 0, openUrgings: 5 },
    };
    const nanguan = rollUpUnit(ledger.db, units.db, 'nanguan', NOW, RULE, { all: true }, open);
    expect(
      [nanguan.own, nanguan.subtree].map(({ pendingExtensions, openInstructions, openUrgings, reportOverdue }) => ({
        pendingExtensions,
        openInstructions,
        openUrgings,
        reportOverdue,
      })),
    ).toEqual([
      waiting({ pendingExtensions: 1, openInstructions: 1, openUrgings: 2 }),
      waiting({ pendingExtensions: 1, openInstructions: 4, openUrgings: 2, reportOverdue: 1 }),
    ]);
    expect(rollUpUnit(ledger.db, units.db, 'city', NOW, RULE, { all: true }, open).subtree).toMatchObject(
      waiting({ pendingExtensions: 1, openInstructions: 4, openUrgings: 7, reportOverdue: 1 }),
    );
    // An evaluator commissioned with nanguan alone counts nanguan's own, not yongxing's below it.
    const commissioned = { all: false as const, taskIds: new Set<string>(), units: new Set(['nanguan']), groups: new Set<string>() };
    expect(rollUpUnit(ledger.db, units.db, 'nanguan', NOW, RULE, commissioned, open).subtree).toMatchObject(
      waiting({ pendingExtensions: 1, openInstructions: 1, openUrgings: 2 }),
    );
    // Counted over the ledger's rows when the roll-up was computed with another warning window: the same numbers.
    expect(rollUpUnit(ledger.db, units.db, 'nanguan', NOW, { ...RULE, warningWindowMs: DAY }, { all: true }, open).subtree).toMatchObject(
      waiting({ pendingExtensions: 1, openInstructions: 4, openUrgings: 2, reportOverdue: 1 }),
    );
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
