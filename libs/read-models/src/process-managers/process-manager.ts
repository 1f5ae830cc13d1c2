import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '#event-store';
import { CheckpointedSubscriber, type SubscriberHandler } from '../subscriber/checkpointed-subscriber.js';
import { checkpointWriter, openReadModelDb, readCheckpoint, registerCheckpoint } from '../subscriber/read-model-db.js';

/**
 * One step of a flow that spans aggregates: what it reacts to and what it does. `react` must be
 * idempotent (the events it makes have ids derived from the causing event's, see `flowContext`),
 * because an event whose reaction was cut short by a crash is reacted to again after a restart.
 */
export interface Reaction {
  /** Event types this reaction takes. */
  readonly eventTypes: readonly string[];
  react(event: RecordedEvent): Promise<void>;
}

/** What a {@link ProcessManager} needs. */
export interface ProcessManagerOptions {
  /** Name of its checkpoint row. */
  name: string;
  store: EventStore;
  /** Its SQLite file (`$DATA_DIR/read-models/process-managers.sqlite`): only the checkpoint. */
  file: string;
  reactions: readonly Reaction[];
  /** Wait before resuming from the checkpoint when a reaction failed for the environment's sake (the store away). */
  retryAfterMs?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
}

/** Events read per batch; the reactions of a batch run one after another, in order. */
const BATCH = 500;

/**
 * Runs flows that span aggregates (a cancellation cascading to sub-tasks, a dispatched child's
 * registration) as reactions to the events that start them: a checkpointed subscriber of the
 * store, like a projection, whose output is commands instead of rows. The checkpoint moves only
 * once a batch's reactions are done, so a crash between two steps of a flow replays its causing
 * event, and the reactions' derived command ids make the replay append only what is missing.
 * Any writer's events start a flow (HTTP, the worker, a script); every process that runs one
 * may run it at once, the derived ids keep their commands from appending twice.
 */
export class ProcessManager implements SubscriberHandler {
  private readonly db: Database.Database;
  private readonly subscriber: CheckpointedSubscriber;
  private readonly writeCheckpoint: (position: number, time: string) => void;
  private readonly byType = new Map<string, Reaction[]>();
  /** True when this file had no checkpoint row: the manager starts at the store's head. */
  private readonly fresh: boolean;

  constructor(private readonly options: ProcessManagerOptions) {
    this.db = openReadModelDb(options.file);
    this.fresh = this.db.prepare('SELECT 1 FROM _projection WHERE name = ?').get(options.name) === undefined;
    registerCheckpoint(this.db, options.name, 1);
    this.writeCheckpoint = checkpointWriter(this.db, options.name);
    for (const reaction of options.reactions) {
      for (const type of reaction.eventTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), reaction]);
    }
    this.subscriber = new CheckpointedSubscriber(
      options.store,
      this,
      {
        batchSize: BATCH,
        // A reaction that throws met a failing environment (a refused step is handled in the reaction):
        // resume from the checkpoint, so the same event is reacted to again.
        failure: {
          kind: 'retry',
          afterMs: options.retryAfterMs ?? 1_000,
          log: (message) => options.log?.('warn', `${options.name}: ${message}`),
        },
      },
      readCheckpoint(this.db, options.name),
    );
  }

  /**
   * Starts following the store. A manager that never ran starts at the store's head: the flows
   * of earlier events were completed by the path that ran them before (the HTTP routes), and a
   * store of a hundred thousand tasks is not re-read to find that out.
   */
  async start(): Promise<void> {
    if (this.fresh) {
      for await (const head of this.options.store.readAll({ direction: 'backwards', maxCount: 1 })) {
        this.writeCheckpoint(head.position, head.created);
        this.subscriber.resetTo({ position: head.position, time: head.created });
      }
    }
    this.subscriber.start();
  }

  /** Last position whose reactions are done. */
  get checkpoint(): number | null {
    return this.subscriber.checkpoint;
  }

  /** Resolves true once the reactions to everything up to `position` are done (false on timeout). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.subscriber.waitFor(position, timeoutMs);
  }

  /** Stops following and closes its file. */
  async close(): Promise<void> {
    await this.subscriber.close();
    if (this.db.open) this.db.close();
  }

  /** @internal A batch: its reactions, in order, then the checkpoint. */
  handle(events: readonly RecordedEvent[]): () => Promise<void> {
    const last = events[events.length - 1]!;
    return async () => {
      for (const event of events) {
        for (const reaction of this.byType.get(event.type) ?? []) await reaction.react(event);
      }
      if (this.db.open) this.writeCheckpoint(last.position, last.created);
    };
  }
}
