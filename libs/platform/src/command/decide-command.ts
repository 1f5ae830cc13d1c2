import { Inject, Injectable, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamCategory } from '#domain';
import {
  executeCommand,
  type CommandOutcome,
  type CommandSender,
  type DeciderLike,
  type EventStore,
  type ExecuteOptions,
} from '#event-store';
import { AppConfig } from '../config/app.config.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { EVENT_STORE } from '../tokens.js';

type AnyEvent = { type: string; data: unknown };

/**
 * Which local read models a command waits for before it answers (read-your-writes):
 * `'category'` the read models dedicated to the stream's category (the ones its answer and the
 * resource's lists are read from; not the audit log, which covers every stream, and whose
 * reader waits instead), `'none'` nothing (background writers: nobody reads their answer).
 */
export type ReadYourWrites = 'category' | 'none';

/**
 * The one command on the `CommandBus`: decide `command` on `stream`'s current state with
 * `decider` and append what it decides. It is generic on purpose: every write runs the same
 * handler (read, fold, decide, append, wait), and the domain's command union already names
 * each use case with its own type, so a bus class per use case would only repeat the handler.
 * `Command<CommandOutcome<E, S>>` types the bus's answer, so callers need no casts.
 */
export class DecideCommand<C, E extends AnyEvent, S> extends Command<CommandOutcome<E, S>> {
  constructor(
    readonly stream: string,
    readonly decider: DeciderLike<C, E, S>,
    readonly command: C,
    /** Audit context (who, when, command id) and the `If-Match` pin. */
    readonly options: ExecuteOptions,
    readonly readYourWrites: ReadYourWrites = 'category',
    /** Told the outcome as soon as the command path has it (the HTTP request remembers where its command is). */
    readonly observe?: (outcome: CommandOutcome<E, S>) => void,
  ) {
    super();
  }
}

/** Runs {@link DecideCommand}: the command path (`executeCommand`), then read-your-writes. */
@CommandHandler(DecideCommand)
export class DecideCommandHandler implements ICommandHandler<DecideCommand<unknown, AnyEvent, unknown>> {
  private readonly logger = new Logger(DecideCommandHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
  ) {}

  async execute(cmd: DecideCommand<unknown, AnyEvent, unknown>): Promise<CommandOutcome<AnyEvent, unknown>> {
    // Every writer's events are chained with the configured hash (AUDIT_HASH).
    const outcome = await executeCommand(this.store, cmd.stream, cmd.decider, cmd.command, {
      hashAlgorithm: this.config.AUDIT_HASH,
      ...cmd.options,
    });
    cmd.observe?.(outcome);
    if (cmd.readYourWrites !== 'none') {
      const position = outcome.position ?? (await this.positionOfRevision(cmd.stream, outcome.revision));
      if (position !== null) {
        await this.projections.waitForCategory(streamCategory(cmd.stream), position);
      }
    }
    return outcome;
  }

  /** For a repeated command: the position of the stream's current head, so the reply is current too. */
  private async positionOfRevision(stream: string, revision: number): Promise<number | null> {
    if (revision < 0) return null;
    try {
      for await (const e of this.store.readStream(stream, { fromRevision: revision, maxCount: 1 })) return e.position;
    } catch (e) {
      this.logger.debug(`no head for ${stream}: ${(e as Error).message}`);
    }
    return null;
  }
}

/**
 * The {@link CommandSender} of background writers (reminder delivery, matter expiry, the audit
 * digest): their commands go on the same CommandBus as HTTP's, without read-your-writes.
 */
@Injectable()
export class BusCommandSender implements CommandSender {
  constructor(private readonly bus: CommandBus) {}

  send<C, E extends AnyEvent, S>(
    stream: string,
    decider: DeciderLike<C, E, S>,
    command: C,
    options: ExecuteOptions,
  ): Promise<CommandOutcome<E, S>> {
    return this.bus.execute(new DecideCommand(stream, decider, command, options, 'none'));
  }
}
