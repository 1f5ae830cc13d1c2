import {
  DomainError,
  isTaskOpen,
  parseStream,
  subtaskRegistration,
  taskStream,
  type DomainActor,
  type TaskCancelled,
  type TaskCommand,
  type TaskEvent,
  type TaskState,
  type TaskSubtaskDispatched,
} from '#domain';
import {
  loadStream,
  uuidFromSeed,
  type AuditMetadata,
  type CommandSender,
  type DeciderLike,
  type EventStore,
  type ExecuteOptions,
  type RecordedEvent,
} from '#event-store';
import { CommandFacts } from '../facts/command-facts.js';
import type { Reaction } from './process-manager.js';

/** What the task flows need: the store they read, where they send commands, and the task decider built from the configuration. */
export interface TaskFlowsOptions {
  store: EventStore;
  sender: CommandSender;
  decider: DeciderLike<TaskCommand, TaskEvent, TaskState>;
  log?: (level: 'warn' | 'error', message: string) => void;
}

/**
 * The task aggregate's flows across streams: a dispatched sub-task is registered on its own
 * stream, and a cancellation is carried to the open sub-tasks below. Both act as the person whose
 * event started them, at that event's time, so a flow completed after a crash decides exactly as
 * it would have at once.
 */
export function taskFlows(options: TaskFlowsOptions): Reaction[] {
  return [registerDispatchedSubtask(options), cascadeCancellation(options)];
}

/** The child of a dispatch, registered from what the parent recorded (its own fields and what it inherits). */
function registerDispatchedSubtask({ store, decider, ...rest }: TaskFlowsOptions): Reaction {
  return {
    eventTypes: ['TaskSubtaskDispatched'],
    async react(event) {
      const { subtaskId } = (event as RecordedEvent<'TaskSubtaskDispatched', TaskSubtaskDispatched['data']>).data;
      // The parent as it was when it recorded the dispatch, whatever it became since.
      const { state: parent } = await loadStream(store, event.stream, decider, (e) => e.revision <= event.revision);
      const dispatched = parent?.subtasks.find((s) => s.id === subtaskId);
      if (!parent || !dispatched) return;
      const command: TaskCommand = { type: 'RegisterSubtask', data: subtaskRegistration(parent, dispatched), metadata: causedBy(event) };
      await sendStep({ store, decider, ...rest }, event, 'register', taskStream(subtaskId), command);
    },
  };
}

/**
 * A cancelled task's open sub-tasks are cancelled with it, with its reason, all the way down:
 * the reaction to the first cancellation walks the whole subtree (one command per child, each on
 * its own stream), so the flow is done when that one event's reaction is. The cancellations it
 * makes (`cascadedFrom`) start nothing themselves; a replay walks the subtree again and cancels
 * only what is still open.
 */
function cascadeCancellation(options: TaskFlowsOptions): Reaction {
  const facts = new CommandFacts(options.store);
  const cancelBelow = async (cause: RecordedEvent, parentId: string, reason: string): Promise<void> => {
    for (const { id: childId, state: child } of await facts.subtasks(parentId)) {
      if (child && isTaskOpen(child.status)) {
        const command: TaskCommand = {
          type: 'CancelTask',
          data: { taskId: childId, reason, cascadedFrom: parentId },
          metadata: causedBy(cause),
        };
        await sendStep(options, cause, `cancel-${childId}`, taskStream(childId), command);
      }
      // Also below a child already final: a cascade cut short by a crash left its grandchildren open.
      await cancelBelow(cause, childId, reason);
    }
  };
  return {
    eventTypes: ['TaskCancelled'],
    async react(event) {
      const { reason, cascadedFrom } = (event as RecordedEvent<'TaskCancelled', TaskCancelled['data']>).data;
      if (cascadedFrom !== undefined) return;
      await cancelBelow(event, parseStream(event.stream).id, reason);
    },
  };
}

/** The command's metadata: the actor and time of the event that caused it. */
function causedBy(event: RecordedEvent): { actor: DomainActor; now: string } {
  const audit = event.metadata as unknown as AuditMetadata;
  return { actor: audit.actor as DomainActor, now: audit.occurredAt };
}

/**
 * Sends one step of a flow with a command id derived from the causing event's id and the step,
 * so a replayed reaction appends nothing its first run appended. A step the aggregate refuses
 * (the child was accepted meanwhile) is logged and skipped: it is the domain's answer, not a failure to retry.
 */
async function sendStep(
  { sender, decider, log }: TaskFlowsOptions,
  cause: RecordedEvent,
  step: string,
  stream: string,
  command: TaskCommand,
): Promise<void> {
  const audit = cause.metadata as unknown as AuditMetadata;
  const options: ExecuteOptions = {
    context: {
      actor: audit.actor,
      occurredAt: audit.occurredAt,
      correlationId: audit.correlationId,
      causationId: cause.id,
      commandId: uuidFromSeed(`flow\u0000${cause.id}\u0000${step}`),
    },
  };
  try {
    await sender.send(stream, decider, command, options);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    log?.('warn', `task flow: ${step} after ${cause.type} ${cause.id} refused (${e.code}): ${e.message}`);
  }
}
