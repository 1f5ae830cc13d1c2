/*
 * Barriers for specs whose reminder worker runs in another process (the fault specs, the worker
 * kill spec): what the worker's scheduler has folded (its checkpoint, in its own read-model
 * file), BullMQ's own event stream (a sweep finished) and the queue's lists (no job of a subject
 * still to run). After `workerRemindersSettled`, "no reminder is doubled" is a fact, not a wait.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { Queue, QueueEvents, type JobType } from 'bullmq';
import type { EventStore } from '#event-store';
import { readCheckpoint } from '#read-models';
import { REMINDER_QUEUE, REMINDER_SCHEDULER, SWEEP_SCHEDULER_ID } from '#reminders';
import { until } from './child-process.js';

/** The lists of jobs still to run (a job in any of them may yet deliver). */
const PENDING: JobType[] = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'];

/** Where a worker's queue lives: its Redis and its key prefix (`QUEUE_PREFIX`). */
export interface QueueAt {
  redisUrl: string;
  prefix: string;
}

/** The reminder queue at `at`, for a spec to read its lists (close it after). */
export function reminderQueue(at: QueueAt): Queue {
  const queue = new Queue(REMINDER_QUEUE, { connection: { url: at.redisUrl } as never, prefix: at.prefix });
  queue.on('error', () => undefined);
  return queue;
}

/** The jobs of the queue still to run whose data `pick` takes (the sweep's own never). */
export async function pendingJobs(queue: Queue, pick: (data: Record<string, unknown>) => boolean): Promise<Array<{ id: string }>> {
  const jobs = await queue.getJobs(PENDING);
  return jobs
    .filter((job) => job && (job.data as { type?: string }).type !== 'sweep' && pick(job.data as Record<string, unknown>))
    .map((job) => ({ id: job.id! }));
}

/** The reminder scheduler's checkpoint in a worker's data directory (null before it folded anything). */
export function schedulerCheckpoint(workerDataDir: string): number | null {
  const db = new Database(path.join(workerDataDir, 'read-models', 'reminder-scheduler.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return readCheckpoint(db, REMINDER_SCHEDULER).position;
  } finally {
    db.close();
  }
}

/**
 * Resolves once `count` sweeps that started after the call have finished, as BullMQ's event
 * stream reports them (a sweep that was already running when called does not count).
 */
export async function sweepsFinished(at: QueueAt, count: number, timeoutMs: number): Promise<void> {
  const events = new QueueEvents(REMINDER_QUEUE, { connection: { url: at.redisUrl } as never, prefix: at.prefix });
  events.on('error', () => undefined);
  const queue = reminderQueue(at);
  const finished = new Set<string>();
  try {
    await events.waitUntilReady();
    const since = Date.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${count} sweeps did not finish within ${timeoutMs} ms (${finished.size} did)`)),
        timeoutMs,
      );
      events.on('completed', ({ jobId }) => {
        if (!jobId.startsWith(`repeat:${SWEEP_SCHEDULER_ID}:`)) return;
        void queue.getJob(jobId).then((job) => {
          if ((job?.processedOn ?? 0) >= since) finished.add(jobId);
          if (finished.size >= count) {
            clearTimeout(timer);
            resolve();
          }
        }, reject);
      });
    });
  } finally {
    await events.close();
    await queue.close();
  }
}

/**
 * The barrier after which "nothing more arrives" is a fact for a worker in another process:
 * every live worker's scheduler has folded the store's head (each delivery is known, nothing
 * more will be planned), `sweeps` sweeps started since then have finished (a sweep that would
 * re-add a delivered reminder has done so), and no job `ofSubject` picks is still to run (a
 * re-added or retried job has delivered). Each step polls or listens with the deadline.
 */
export async function workerRemindersSettled(
  options: QueueAt & { store: EventStore; workerDataDirs: string[]; sweeps?: number; timeoutMs?: number },
  ofSubject: (data: Record<string, unknown>) => boolean,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const head = await options.store.headPosition();
  if (head !== null)
    await until(
      `the workers' schedulers to fold position ${head}`,
      async () => options.workerDataDirs.every((dir) => (schedulerCheckpoint(dir) ?? -1) >= head),
      timeoutMs,
    );
  await sweepsFinished(options, options.sweeps ?? 2, timeoutMs);
  const queue = reminderQueue(options);
  try {
    await until('no job of the subject still to run', async () => (await pendingJobs(queue, ofSubject)).length === 0, timeoutMs);
  } finally {
    await queue.close();
  }
}
