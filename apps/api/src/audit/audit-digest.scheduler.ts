import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { readDigestLog, recordDigest } from '#read-models';
import { AppConfig, BusCommandSender, EVENT_STORE } from '#platform';
import { parseDuration } from '#reminders';

/** Longest pause between two checks, so a long AUDIT_DIGEST_EVERY survives restarts. */
const MAX_CHECK_EVERY_MS = 5 * 60_000;

/**
 * Records a store digest (`AuditDigestRecorded` on `audit-digests`) every AUDIT_DIGEST_EVERY,
 * in the process that runs the worker (`RUN_WORKER=true`). It checks often and records when the
 * last recorded digest is older than the interval, so restarts neither skip nor double a
 * digest; two processes recording at once append one event (the command id is the position).
 */
@Injectable()
export class AuditDigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditDigestScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
    private readonly commands: BusCommandSender,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.RUN_WORKER) return;
    const every = parseDuration(this.config.AUDIT_DIGEST_EVERY);
    if (every <= 0) return;
    this.timer = setInterval(() => void this.tick(every), Math.min(every, MAX_CHECK_EVERY_MS));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Records a digest when the last one is at least `everyMs` old; public for tests. */
  tick(everyMs: number, now = new Date()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.recordIfDue(everyMs, now)
      .catch((e: unknown) => this.logger.error(`Recording the audit digest failed: ${(e as Error)?.message ?? String(e)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async recordIfDue(everyMs: number, now: Date): Promise<void> {
    const last = (await readDigestLog(this.store)).last;
    if (last !== null && now.getTime() - Date.parse(last.recordedAt) < everyMs) return;
    const digest = await recordDigest(this.store, this.commands, {
      now,
      hashAlgorithm: this.config.AUDIT_HASH,
      signer: this.config.digestSigner,
    });
    if (digest) this.logger.log(`Recorded audit digest ${digest.digest} at position ${digest.position}`);
  }
}
