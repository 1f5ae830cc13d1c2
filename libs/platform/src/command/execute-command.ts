import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommand, type ICommandHandler } from '@nestjs/cqrs';
import { streamCategory } from '#domain';
import { executeCommand, type CommandContext, type CommandOutcome, type DeciderLike, type EventStore } from '#event-store';
import { ProjectionsService } from '../projections/projections.service.js';
import { EVENT_STORE } from '../tokens.js';

/**
 * The one command every write goes through on the `CommandBus`: decide on a stream's current
 * state and append. Slices build it from their domain command; the handler does the rest.
 */
export class ExecuteCommand<C = unknown, E extends { type: string; data: unknown } = { type: string; data: unknown }, S = unknown>
  implements ICommand
{
  constructor(
    readonly stream: string,
    readonly decider: DeciderLike<C, E, S>,
    readonly command: C,
    readonly context: CommandContext,
    /** From `If-Match`: pin the revision, answer 412 instead of retrying. */
    readonly pinnedRevision?: number,
    /** Wait for local projections before answering (read-your-writes); off for background jobs. */
    readonly waitForProjections = true,
  ) {}
}

/** Runs {@link ExecuteCommand}: the command path, then read-your-writes. */
@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand, CommandOutcome<unknown, unknown>> {
  private readonly logger = new Logger(ExecuteCommandHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  async execute(cmd: ExecuteCommand): Promise<CommandOutcome<unknown, unknown>> {
    const outcome = await executeCommand(this.store, cmd.stream, cmd.decider, cmd.command, {
      context: cmd.context,
      pinnedRevision: cmd.pinnedRevision,
    });
    if (cmd.waitForProjections) {
      const position = outcome.position ?? (await this.positionOfRevision(cmd.stream, outcome.revision));
      // Only the read models fed by this stream's category can show this command's effect.
      if (position !== null) await this.projections.waitForAll(position, undefined, streamCategory(cmd.stream));
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
