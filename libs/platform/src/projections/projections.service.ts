import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { ProjectionRunner, type Projection, type ProjectionInfo } from '#read-models';
import { AppConfig } from '../config/app.config.js';
import { EVENT_STORE, PROJECTIONS } from '../tokens.js';

/** Lag of a projection behind the store's head. */
export interface ProjectionLag extends ProjectionInfo {
  /** Events (positions) between the checkpoint and the head. */
  lag: number;
  /** Seconds between the newest event's time and the last applied event's time. */
  lagSeconds: number;
}

/**
 * Runs this process's read-model projections and answers "has everything up to position P
 * been applied?", which is how command responses read their own writes.
 */
@Injectable()
export class ProjectionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionsService.name);
  private readonly runners = new Map<string, ProjectionRunner>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const p of this.projections) {
      const runner = new ProjectionRunner(this.store, p, path.join(this.config.readModelDir, `${p.name}.sqlite`));
      this.runners.set(p.name, runner);
      runner.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.close()));
  }

  /** The runner of a projection by name; throws for an unknown name (a programming error). */
  runner(name: string): ProjectionRunner {
    const r = this.runners.get(name);
    if (!r) throw new Error(`No projection named ${name}`);
    return r;
  }

  has(name: string): boolean {
    return this.runners.has(name);
  }

  all(): ProjectionRunner[] {
    return [...this.runners.values()];
  }

  /** Waits until every projection applied `position`, within the timeout. */
  waitForAll(position: number, timeoutMs = this.config.READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
    return this.waitForRunners(this.all(), position, timeoutMs);
  }

  /**
   * Waits until the read models dedicated to `category` (those that declare it in their
   * `categories`) applied `position`: what a command on a stream of that category waits for.
   * Read models of every stream (the audit log) are left out: they stay eventually consistent
   * for commands, and their readers wait for them with {@link waitForHead}.
   */
  waitForCategory(category: string, position: number, timeoutMs = this.config.READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
    return this.waitForRunners(
      this.all().filter((r) => r.projection.categories?.includes(category)),
      position,
      timeoutMs,
    );
  }

  /**
   * Waits until the named projections applied everything the store held when this was called,
   * so a read of them shows every write answered before it.
   */
  async waitForHead(names: readonly string[], timeoutMs = this.config.READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
    const head = await this.store.headPosition();
    return head === null ? true : this.waitFor(names, head, timeoutMs);
  }

  /** Waits until the named projections (those this process runs) applied `position`, within the timeout. */
  waitFor(names: readonly string[], position: number, timeoutMs = this.config.READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
    return this.waitForRunners(
      names.flatMap((n) => this.runners.get(n) ?? []),
      position,
      timeoutMs,
    );
  }

  private async waitForRunners(runners: ProjectionRunner[], position: number, timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(runners.map((r) => r.waitFor(position, timeoutMs)));
    const ok = results.every(Boolean);
    if (!ok) this.logger.warn(`Projections did not reach position ${position} within ${timeoutMs} ms`);
    return ok;
  }

  /** Status of every projection with its lag behind the store's head. */
  async status(): Promise<ProjectionLag[]> {
    const head = await this.store.headPosition();
    let headTime: string | null = null;
    if (head !== null) {
      for await (const e of this.store.readAll({ direction: 'backwards', maxCount: 1 })) headTime = e.created;
    }
    return this.all().map((r) => {
      const info = r.info();
      const lag = head === null ? 0 : Math.max(0, head - (info.checkpoint ?? 0));
      const lagSeconds =
        headTime && info.checkpointEventTime && lag > 0
          ? Math.max(0, (Date.parse(headTime) - Date.parse(info.checkpointEventTime)) / 1000)
          : lag > 0 && headTime
            ? (Date.now() - Date.parse(headTime)) / 1000
            : 0;
      return { ...info, lag, lagSeconds };
    });
  }
}
