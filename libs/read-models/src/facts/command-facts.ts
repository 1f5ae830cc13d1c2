import {
  evolveSpecialGroup,
  evolveTask,
  initialSpecialGroupState,
  initialTaskState,
  isTaskOpen,
  specialGroupStream,
  taskStream,
  type ParentFacts,
  type TaskState,
} from '#domain';
import { loadStream, type EventStore } from '#event-store';
import { storedUnit, storedUnitAncestors } from '../units/unit-ancestry.js';

const taskFold = { initialState: initialTaskState, evolve: evolveTask };
const groupFold = { initialState: initialSpecialGroupState, evolve: evolveSpecialGroup };

/** A sub-task as its own stream has it now (`null`: dispatched, its registration still to come). */
export interface SubtaskNow {
  id: string;
  state: TaskState;
}

/**
 * The facts a command carries about aggregates other than its own (a decider sees only its own
 * stream), each looked up here and only here, from the streams that own it. So every writer pads
 * a command alike (the HTTP routes, the task flows, the worker, a script) and none needs a read
 * model running; a fact read from its own stream is also never behind the write that changed it.
 */
export class CommandFacts {
  constructor(private readonly store: EventStore) {}

  /** `specialGroupRegistered` (RegisterTask, AddKeyPoint): the group's stream holds its registration. */
  async specialGroupRegistered(code: string): Promise<boolean> {
    return (await loadStream(this.store, specialGroupStream(code), groupFold)).state !== null;
  }

  /** `leadUnitAncestors` (DispatchSubtask): the units above `unit`, nearest first. */
  unitAncestors(unit: string): Promise<string[]> {
    return storedUnitAncestors(this.store, unit);
  }

  /** `parentRegistered` and `parentAncestors` (RegisterUnit, MoveUnit): what a unit's decider is told of its proposed parent. */
  async unitParent(parent: string): Promise<ParentFacts> {
    return {
      parentRegistered: (await storedUnit(this.store, parent)) !== null,
      parentAncestors: await storedUnitAncestors(this.store, parent),
    };
  }

  /** Each sub-task the task dispatched, in dispatch order, as its own stream has it now (what a cascading cancellation reaches). */
  async subtasks(taskId: string): Promise<SubtaskNow[]> {
    const { state: parent } = await loadStream(this.store, taskStream(taskId), taskFold);
    const out: SubtaskNow[] = [];
    for (const { id } of parent?.subtasks ?? []) out.push({ id, state: (await loadStream(this.store, taskStream(id), taskFold)).state });
    return out;
  }

  /** `closedSubtasks` (AcceptTask): the task's sub-tasks that are accepted or cancelled. */
  async closedSubtasks(taskId: string): Promise<string[]> {
    return (await this.subtasks(taskId)).filter((s) => s.state !== null && !isTaskOpen(s.state.status)).map((s) => s.id);
  }
}
