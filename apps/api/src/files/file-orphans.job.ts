import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, fileDecider, FileErrors, fileStream, type DomainActor } from '#domain';
import { fileCatalogueStatus, fileCitationCount, orphanFiles } from '#read-models';
import { AppConfig, BusCommandSender, FILE_STORE, ProjectionsService, type FileStore } from '#platform';

/** The system actor that removes orphans. */
const ORPHAN_ACTOR: DomainActor = { id: 'system:file-orphans', roles: ['admin'] };

/**
 * How long after a file's record was removed its bytes are deleted: longer than any command
 * takes from looking an attachment up to appending its event, so a citation decided against
 * the file's last kept view is projected (and revives the record) before the bytes could go.
 */
export const PURGE_GRACE_MS = 10 * 60_000;

/** What one sweep did. */
export interface OrphanSweep {
  /** Files whose records were removed (uploaded, never cited, older than FILE_ORPHAN_TTL). */
  removed: string[];
  /** Files whose bytes were deleted (records removed a grace period ago, or never recorded). */
  purged: string[];
  /** Temporary objects of interrupted uploads deleted. */
  pending: number;
}

/**
 * Removes evidence files nobody cites (API.md: after FILE_ORPHAN_TTL), in the process that runs
 * the worker. A sweep first records the removal (`FileRemoved`, which the decider refuses for a
 * cited or freshly re-uploaded file), and deletes bytes only of files whose removal is a grace
 * period old and still uncited, or that were stored but never recorded (a crash between the two)
 * and are older than the TTL. A cited file is never removed.
 */
@Injectable()
export class FileOrphanJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FileOrphanJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<OrphanSweep> | null = null;

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly projections: ProjectionsService,
    private readonly commands: BusCommandSender,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.RUN_WORKER) return;
    this.timer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.logger.error(`Removing orphan files failed: ${(e as Error)?.message}`)),
      this.config.fileOrphanSweepMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One sweep at `now` (epoch ms); concurrent calls share the running one. Public for tests and the admin command. */
  sweep(now = Date.now()): Promise<OrphanSweep> {
    this.running ??= this.run(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private get db() {
    return this.projections.runner('files').db;
  }

  private async run(now: number): Promise<OrphanSweep> {
    const ttl = this.config.fileOrphanTtlMs;
    await this.projections.waitForHead(['files']);
    const removed: string[] = [];
    const before = new Date(now - ttl).toISOString();
    for (const fileId of orphanFiles(this.db, before, 1000)) {
      if (await this.removeRecord(fileId, before, now)) removed.push(fileId);
    }
    await this.projections.waitForHead(['files']);
    const purged: string[] = [];
    for await (const object of this.store.list()) {
      const status = fileCatalogueStatus(this.db, object.id);
      const due =
        status.state === 'unknown'
          ? now - object.storedAt >= ttl
          : status.state === 'removed' &&
            now - Date.parse(status.removedAt) >= PURGE_GRACE_MS &&
            fileCitationCount(this.db, object.id) === 0;
      if (!due) continue;
      await this.store.remove(object.id);
      purged.push(object.id);
    }
    const pending = await this.store.sweepPending(ttl, now);
    if (removed.length + purged.length + pending > 0) {
      this.logger.log(
        `Orphan files: ${removed.length} records removed, ${purged.length} files deleted, ${pending} interrupted uploads cleared`,
      );
    }
    return { removed, purged, pending };
  }

  private async removeRecord(fileId: string, uploadedBefore: string, now: number): Promise<boolean> {
    const at = new Date(now).toISOString();
    const commandId = `file-orphan-${fileId}-${uploadedBefore}`;
    try {
      await this.commands.send(
        fileStream(fileId),
        fileDecider,
        {
          type: 'RemoveOrphanFile',
          data: { fileId, citations: fileCitationCount(this.db, fileId), uploadedBefore },
          metadata: { actor: ORPHAN_ACTOR, now: at },
        },
        { context: { actor: ORPHAN_ACTOR, occurredAt: at, correlationId: commandId, causationId: commandId, commandId } },
      );
      return true;
    } catch (error) {
      // Cited or uploaded again meanwhile: the file stays, which is the point.
      if (
        error instanceof DomainError &&
        (error.code === FileErrors.CITED || error.code === FileErrors.RECENTLY_UPLOADED || error.code === FileErrors.NOT_FOUND)
      )
        return false;
      throw error;
    }
  }
}
