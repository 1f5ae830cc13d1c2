import type { JobsOptions, Queue } from 'bullmq';
import type { PlannedJob } from '../reminder-jobs.js';

/** Queue work one batch of events calls for: jobs to add and job ids to remove. */
export class QueueOps {
  readonly add = new Map<string, PlannedJob>();
  readonly remove = new Set<string>();

  /** Adds jobs (a later removal of the same id in this batch is cancelled). */
  plan(jobs: readonly PlannedJob[]): void {
    for (const job of jobs) {
      this.remove.delete(job.id);
      this.add.set(job.id, job);
    }
  }

  /** Removes a job (an add of the same id earlier in this batch is cancelled). */
  unplan(jobId: string): void {
    this.add.delete(jobId);
    this.remove.add(jobId);
  }

  /** A reminder was delivered: do not add it again in this batch. */
  delivered(key: string): void {
    this.add.delete(key);
  }
}

/** Jobs per addBulk call; the calls of one batch share the connection's pipeline. */
const BULK = 1_000;

/** Where the scheduler's jobs go: the BullMQ reminder queue. */
export class QueueSink {
  constructor(
    /** The reminder queue (its data: `ReminderJobData`, which the subjects' jobs make up). */
    private readonly queue: Queue<{ type: string }>,
    /** attempts, backoff and retention of every reminder job. */
    private readonly jobOptions: JobsOptions,
    private readonly now: () => number,
    private readonly log?: (level: 'warn' | 'error' | 'debug', message: string) => void,
  ) {}

  /** Sends one batch's work; resolves once Redis accepted all of it. */
  async send(ops: QueueOps): Promise<void> {
    const adds = [...ops.add.values()].map((j) => this.toBulk(j));
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < adds.length; i += BULK) work.push(this.queue.addBulk(adds.slice(i, i + BULK)));
    // Issued together, the removals share one pipelined burst rather than a round trip each.
    for (const id of ops.remove)
      work.push(
        this.queue.remove(id).catch((e: unknown) => {
          // An active (locked) job cannot be removed; when it runs it sees the change and does nothing.
          this.log?.('debug', `could not remove job ${id}: ${(e as Error).message}`);
        }),
      );
    await Promise.all(work);
  }

  /** Adds those of `jobs` Redis does not have (a flushed or replaced Redis); returns how many. */
  async addMissing(jobs: readonly PlannedJob[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const missing: PlannedJob[] = [];
    // Concurrent commands share one connection's pipeline, so a chunk costs about one round trip.
    for (let i = 0; i < jobs.length; i += BULK) {
      const chunk = jobs.slice(i, i + BULK);
      const states = await Promise.all(chunk.map((j) => this.queue.getJobState(j.id)));
      chunk.forEach((j, k) => {
        if (states[k] === 'unknown') missing.push(j);
      });
    }
    if (missing.length > 0) await this.queue.addBulk(missing.map((j) => this.toBulk(j)));
    return missing.length;
  }

  private toBulk(job: PlannedJob) {
    return {
      name: job.data.type,
      data: job.data,
      opts: { ...this.jobOptions, jobId: job.id, delay: Math.max(0, job.atMs - this.now()) },
    };
  }
}
