import {
  DEFAULT_DUE_CALENDAR,
  specialGroupDecider,
  specialGroupStream,
  subtaskRegistration,
  taskDeciderFor,
  taskStream,
  unitDecider,
  unitStream,
  type DomainActor,
  type TaskCommand,
} from '#domain';
import { executeCommand, loadStream, type DeciderLike } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { CommandFacts } from './command-facts.js';

// Each fact a command is padded with, read from the streams that own it on a real store.

const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const harness = useProjectionHarness('command-facts-');
let clock = Date.parse('2026-03-01T00:00:00.000Z');

async function send(
  stream: string,
  d: DeciderLike<never, { type: string; data: unknown }, unknown>,
  command: { type: string; data: Record<string, unknown> },
): Promise<void> {
  const now = new Date((clock += 1_000)).toISOString();
  await executeCommand(harness.store, stream, d, { ...command, metadata: { actor: office, now } } as never, {
    context: commandContext(office, now),
  });
}
const task = (taskId: string, command: { type: TaskCommand['type']; data: Record<string, unknown> }) =>
  send(taskStream(taskId), decider as never, { ...command, data: { taskId, ...command.data } });
const unit = (code: string, parent?: string, parentAncestors: string[] = []) =>
  send(unitStream(code), unitDecider as never, {
    type: 'RegisterUnit',
    data: { code, name: code, level: 'district', ...(parent ? { parent, parentRegistered: true, parentAncestors } : {}) },
  });

describe('command facts', () => {
  it('a special group is registered once its own stream says so', async () => {
    const facts = new CommandFacts(harness.store);
    expect(await facts.specialGroupRegistered('services')).toBe(false);
    await send(specialGroupStream('services'), specialGroupDecider as never, {
      type: 'RegisterSpecialGroup',
      data: { code: 'services', name: '政务服务', lead: 'member-1', memberUnits: [] },
    });
    expect(await facts.specialGroupRegistered('services')).toBe(true);
  });

  it("a unit's ancestors, nearest first, and what a proposed parent is", async () => {
    await unit('city');
    await unit('nanguan', 'city');
    await unit('yongxing', 'nanguan', ['city']);
    const facts = new CommandFacts(harness.store);
    expect(await facts.unitAncestors('yongxing')).toEqual(['nanguan', 'city']);
    expect(await facts.unitParent('nanguan')).toEqual({ parentRegistered: true, parentAncestors: ['city'] });
    expect(await facts.unitParent('nowhere')).toEqual({ parentRegistered: false, parentAncestors: [] });
  });

  it('the sub-tasks of a task as their own streams have them, and which are closed', async () => {
    await task('p1', {
      type: 'RegisterTask',
      data: {
        title: 't',
        area: 'livelihood',
        specialGroup: 'g',
        specialGroupRegistered: true,
        leadUnit: 'city',
        responsible: 'r',
        evaluationStandard: 's',
        deadline: '2026-12-31',
        milestones: [],
      },
    });
    for (const id of ['c1', 'c2', 'c3']) {
      await task('p1', {
        type: 'DispatchSubtask',
        data: {
          subtaskId: id,
          subtask: { leadUnit: 'nanguan', responsible: 'r', deadline: '2026-11-30', milestones: [] },
          leadUnitAncestors: ['city'],
        },
      });
    }
    const facts = new CommandFacts(harness.store);
    expect((await facts.subtasks('p1')).map((s) => [s.id, s.state])).toEqual([
      ['c1', null],
      ['c2', null],
      ['c3', null],
    ]);
    const { state: parent } = await loadStream(harness.store, taskStream('p1'), decider);
    for (const dispatched of parent!.subtasks)
      await task(dispatched.id, { type: 'RegisterSubtask', data: subtaskRegistration(parent!, dispatched) });
    await task('c2', { type: 'CancelTask', data: { reason: 'r' } });
    expect((await facts.subtasks('p1')).map((s) => [s.id, s.state?.status])).toEqual([
      ['c1', 'planned'],
      ['c2', 'cancelled'],
      ['c3', 'planned'],
    ]);
    expect(await facts.closedSubtasks('p1')).toEqual(['c2']);
    expect(await facts.subtasks('nothing')).toEqual([]);
  });
});
