import path from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { taskDeciderFor, type Decider, type TaskCommand, type TaskEvent, type TaskState } from '#domain';
import type { CommandOutcome, CommandSender, EventStore } from '#event-store';
import { ProcessManager, taskFlows } from '#read-models';
import { DecideCommand } from '../command/decide-command.js';
import { AppConfig } from '../config/app.config.js';
import { EVENT_STORE } from '../tokens.js';

/** Name of the process managers' checkpoint row (and file). */
export const PROCESS_MANAGERS = 'process-managers';

/**
 * The task decider of this deployment: dates read in `DISPLAY_TIMEZONE`, acknowledgements due
 * after `ACK_WINDOW`. The one place it is built: the API's routes and the flows decide alike.
 */
export function taskDeciderOf(config: AppConfig): Decider<TaskCommand, TaskEvent, TaskState> {
  return taskDeciderFor({ timeZone: config.DISPLAY_TIMEZONE }, { acknowledgeWindowMs: config.ackWindowMs });
}

/**
 * Runs the flows that span aggregates ({@link taskFlows}) in this process, as a checkpointed
 * subscriber of the store (`$DATA_DIR/read-models/process-managers.sqlite`). Their commands go
 * through the same CommandBus as every write and wait for this process's read models, so once
 * {@link settled} says a flow is done, a read shows all of it.
 */
@Injectable()
export class ProcessManagers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessManagers.name);
  private manager: ProcessManager | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onModuleInit(): Promise<void> {
    const sender: CommandSender = {
      send: (stream, decider, command, options) => this.bus.execute(new DecideCommand(stream, decider, command, options, 'category')),
    };
    const log = (level: 'warn' | 'error', message: string) => this.logger[level](message);
    this.manager = new ProcessManager({
      name: PROCESS_MANAGERS,
      store: this.store,
      file: path.join(this.config.readModelDir, `${PROCESS_MANAGERS}.sqlite`),
      reactions: taskFlows({ store: this.store, sender, decider: taskDeciderOf(this.config), log }),
      log,
    });
    await this.manager.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.manager?.close();
  }

  /** The running manager (specs wait on its checkpoint). */
  get projection(): ProcessManager {
    if (!this.manager) throw new Error('process managers not started');
    return this.manager;
  }

  /**
   * Waits (at most `READ_YOUR_WRITES_TIMEOUT_MS`) until the flows a command started are done:
   * those of the events it appended, or for a repeat (nothing appended) of everything the store
   * holds now. An HTTP answer that shows a flow's outcome (the dispatched child, the cancelled
   * subtree) waits here first, so it keeps the API's read-your-writes promise.
   */
  async settled(outcome: Pick<CommandOutcome<unknown, unknown>, 'position'>): Promise<boolean> {
    const position = outcome.position ?? (await this.store.headPosition());
    if (position === null) return true;
    const done = await this.projection.waitFor(position, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
    if (!done) this.logger.warn(`flows did not reach position ${position} within ${this.config.READ_YOUR_WRITES_TIMEOUT_MS} ms`);
    return done;
  }
}

/**
 * The process managers, for every process that writes (the API, the standalone worker): any number
 * may run at once, their commands' derived ids keep them from appending twice.
 */
@Global()
@Module({ providers: [ProcessManagers], exports: [ProcessManagers] })
export class ProcessManagersModule {}
