import {
  DomainError,
  evaluationDecider,
  evaluationStillReminded,
  evaluationStream,
  findingStillReminded,
  inboxDecider,
  inboxStream,
  inspectionDecider,
  inspectionStream,
  isExpiryDue,
  matterDecider,
  matterStream,
  meetingDecider,
  meetingStream,
  itemStillReminded,
  matterStillReminded,
  type MeetingState,
} from '#domain';
import { loadStream, type CommandContext, type CommandSender, type EventStore } from '#event-store';
import type { EvaluationReminderJob, FindingReminderJob, ItemReminderJob, MatterExpiryJob, MatterReminderJob } from './reminder-jobs.js';
import type { ReminderSettings } from './reminder-settings.js';
import { postWebhook, type WebhookPayload } from './webhook.notifier.js';

/** Who the worker acts as in the events it records. */
export const REMINDER_WORKER_ACTOR = { id: 'reminder-worker', roles: ['admin' as const] };

/** Hooks for metrics; the API process wires them to Prometheus. */
export interface ReminderObserver {
  sent(kind: string, latenessMs: number): void;
  failed(kind: string): void;
}

/** What happened to one job run. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'expired';

/** A job as delivery sees it: BullMQ's id and attempt counters. */
export interface DeliveryJob<D> {
  id: string;
  data: D;
  /** Attempts already made before this one. */
  attemptsMade: number;
  /** Attempts allowed in all. */
  attempts: number;
}

/**
 * Delivers reminder jobs. Order, per job: check the current state (do nothing for a done,
 * cancelled or re-dated item, a decided matter or a signer no longer pending; for an item the
 * decider's refusal is the check, see {@link item}); record the
 * inbox entry as an event (`ReminderSent` / `NotificationDelivered`) with the job id as
 * command id, so every retry of the job records it once; then POST the webhook. A failing
 * webhook throws, and BullMQ retries the job with exponential backoff: the event is already
 * there (the repeat appends nothing) and only the POST is tried again. On the last attempt
 * the failure is recorded as `ReminderFailed` for the key `<job id>_webhook`; the inbox entry
 * stays. The webhook is therefore at-least-once (receivers drop repeats by the `id`), the
 * inbox exactly-once.
 */
export class ReminderDelivery {
  /** Per stream, the tail of this process's queued appends to it (see {@link serial}). */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    /** Read side: the state checks before a delivery. */
    private readonly store: EventStore,
    /** Write side: every record goes through the sender (the CommandBus in the apps). */
    private readonly commands: CommandSender,
    private readonly settings: ReminderSettings,
    private readonly observer?: ReminderObserver,
    private readonly now: () => number = Date.now,
  ) {}

  private context(jobId: string, suffix = ''): CommandContext {
    return {
      actor: { id: REMINDER_WORKER_ACTOR.id, roles: [...REMINDER_WORKER_ACTOR.roles] },
      occurredAt: new Date(this.now()).toISOString(),
      correlationId: jobId,
      causationId: jobId,
      commandId: `${jobId}${suffix}`,
    };
  }

  /**
   * Runs the read-decide-append of jobs on the same stream one after another. Reminders due
   * together often share a stream (one meeting's items, one user's inbox); run concurrently,
   * all but one lose the optimistic-concurrency race and each re-reads after a random backoff,
   * which is where a burst's tail lateness came from. Other processes' writes are still
   * handled by the command path's retries.
   */
  private serial<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream);
    const run = previous ? previous.then(work, work) : work();
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(stream, tail);
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return run;
  }

  private metadata() {
    return { actor: REMINDER_WORKER_ACTOR, now: new Date(this.now()).toISOString() };
  }

  /**
   * An action item's reminder. The state check and the record are one read of the stream: the
   * decider refuses a done, cancelled or re-dated item (`skipped`), and a redelivered job is a
   * repeat of its own command. Only that rare repeat reads the stream again, to re-check the
   * item before the webhook is retried.
   */
  async item(job: DeliveryJob<ItemReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const stream = meetingStream(d.meetingId);
    const deliverable = (state: MeetingState) => itemStillReminded(state, d);
    const item = await this.serial(stream, async () => {
      try {
        const outcome = await this.commands.send(
          stream,
          meetingDecider,
          {
            type: 'RecordReminderSent',
            data: { meetingId: d.meetingId, itemId: d.itemId, reminderKey: job.id, kind: d.kind, recipient: d.recipient, at: d.at, deadlineVersion: d.deadlineVersion },
            metadata: this.metadata(),
          },
          { context: this.context(job.id) },
        );
        return deliverable(outcome.state);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        // Closed or re-dated (or malformed): nothing to deliver.
        if (e.code !== 'MEETING.REMINDER_ALREADY_SENT') return undefined;
        return deliverable((await loadStream(this.store, stream, meetingDecider)).state);
      }
    });
    if (!item) return 'skipped';
    const subject =
      d.kind === 'overdue'
        ? `Action item "${item.title}" is overdue since ${item.deadline}`
        : d.kind === 'due'
          ? `Action item "${item.title}" is due now (${item.deadline})`
          : `Action item "${item.title}" is due ${item.deadline}`;
    await this.webhook(job, { kind: `item_${d.kind}`, recipient: d.recipient, subject, refs: { meetingId: d.meetingId, itemId: d.itemId, deadline: item.deadline }, at: d.at }, async (error) => {
      await this.commands.send(
        stream,
        meetingDecider,
        {
          type: 'RecordReminderFailed',
          data: { meetingId: d.meetingId, itemId: d.itemId, reminderKey: `${job.id}_webhook`, kind: d.kind, recipient: d.recipient, error, attempts: job.attemptsMade + 1 },
          metadata: this.metadata(),
        },
        { context: this.context(job.id, '_failed') },
      ).catch((e: unknown) => {
        if (!(e instanceof DomainError)) throw e;
      });
    });
    this.observer?.sent(`item_${d.kind}`, this.now() - Date.parse(d.at));
    return 'sent';
  }

  /** A countersign matter's reminder to a pending signer, while the domain's `matterStillReminded` says it applies. */
  async matter(job: DeliveryJob<MatterReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, matterStream(d.matterId), matterDecider);
    const m = matterStillReminded(state, d);
    if (!m) return 'skipped';
    const subject = `Matter "${m.title}" awaits your signature before ${d.deadline}`;
    const refs = { matterId: d.matterId, deadline: d.deadline };
    await this.deliverToInbox(job, d.recipient, `matter_${d.kind}`, subject, refs);
    await this.webhook(job, { kind: `matter_${d.kind}`, recipient: d.recipient, subject, refs, at: d.at }, async () => undefined);
    this.observer?.sent(`matter_${d.kind}`, this.now() - Date.parse(d.at));
    return 'sent';
  }

  /** A finding's rectification reminder, while the domain's `findingStillReminded` says it applies. */
  async finding(job: DeliveryJob<FindingReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, inspectionStream(d.inspectionId), inspectionDecider);
    const finding = findingStillReminded(state, { findingId: d.findingId, extensions: d.dueVersion });
    if (!finding) return 'skipped';
    const subject =
      d.kind === 'overdue'
        ? `Rectification of finding "${finding.description}" is overdue since ${finding.rectificationDue}`
        : d.kind === 'due'
          ? `Rectification of finding "${finding.description}" is due now (${finding.rectificationDue})`
          : `Rectification of finding "${finding.description}" is due ${finding.rectificationDue}`;
    const refs = { inspectionId: d.inspectionId, findingId: d.findingId, responsibleUnit: finding.responsibleUnit, due: finding.rectificationDue, reminderKind: d.kind };
    await this.deliverToInbox(job, d.recipient, `finding_${d.kind}`, subject, refs);
    await this.webhook(job, { kind: `finding_${d.kind}`, recipient: d.recipient, subject, refs, at: d.at }, async () => undefined);
    this.observer?.sent(`finding_${d.kind}`, this.now() - Date.parse(d.at));
    return 'sent';
  }

  /** An evaluation's report reminder, while the domain's `evaluationStillReminded` says it applies. */
  async evaluation(job: DeliveryJob<EvaluationReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, evaluationStream(d.evaluationId), evaluationDecider);
    const evaluation = evaluationStillReminded(state, { due: d.due });
    if (!evaluation) return 'skipped';
    const what = `Third-party evaluation of ${evaluation.subject.kind} ${evaluation.subject.id} (${evaluation.year})`;
    const subject =
      d.kind === 'overdue'
        ? `${what}: the report is overdue since ${evaluation.due}`
        : d.kind === 'due'
          ? `${what}: the report is due now (${evaluation.due})`
          : `${what}: the report is due ${evaluation.due}`;
    const refs = { evaluationId: d.evaluationId, evaluatorUnit: evaluation.evaluatorUnit, due: evaluation.due, reminderKind: d.kind };
    await this.deliverToInbox(job, d.recipient, `evaluation_${d.kind}`, subject, refs);
    await this.webhook(job, { kind: `evaluation_${d.kind}`, recipient: d.recipient, subject, refs, at: d.at }, async () => undefined);
    this.observer?.sent(`evaluation_${d.kind}`, this.now() - Date.parse(d.at));
    return 'sent';
  }

  /** `ExpireMatter` at the deadline; a decided matter is left alone. */
  async expire(job: DeliveryJob<MatterExpiryJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const stream = matterStream(d.matterId);
    const { state } = await loadStream(this.store, stream, matterDecider);
    const now = new Date(this.now()).toISOString();
    if (state === null || state.status !== 'pending') return 'skipped';
    // A clock slightly behind the one that computed the delay: let BullMQ's backoff retry.
    if (!isExpiryDue(state, now)) throw new Error(`matter ${d.matterId} is not due to expire yet (deadline ${state.deadline})`);
    try {
      await this.serial(stream, () =>
        this.commands.send(stream, matterDecider, { type: 'ExpireMatter', data: { matterId: d.matterId }, metadata: this.metadata() }, { context: this.context(job.id) }),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return 'skipped';
    }
    return 'expired';
  }

  /** Records the inbox entry once per job (a repeat appends nothing; a refusal is not retried). */
  private async deliverToInbox(job: DeliveryJob<unknown>, recipient: string, kind: string, subject: string, refs: Record<string, string | number | null>): Promise<void> {
    const stream = inboxStream(recipient);
    try {
      await this.serial(stream, () =>
        this.commands.send(
          stream,
          inboxDecider,
          { type: 'DeliverNotification', data: { userId: recipient, notificationId: job.id, kind, subject, refs }, metadata: this.metadata() },
          { context: this.context(job.id) },
        ),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }

  private async webhook(
    job: DeliveryJob<unknown>,
    p: Omit<WebhookPayload, 'id' | 'sentAt'>,
    recordFailure: (error: string) => Promise<void>,
  ): Promise<void> {
    const { webhookUrl, webhookSecret } = this.settings;
    if (!webhookUrl || !webhookSecret) return;
    try {
      await postWebhook(webhookUrl, webhookSecret, { id: job.id, ...p, sentAt: new Date(this.now()).toISOString() });
    } catch (e) {
      if (job.attemptsMade + 1 >= job.attempts) {
        await recordFailure((e as Error).message);
        this.observer?.failed(p.kind);
      }
      throw e;
    }
  }
}

/** Injection token of an optional {@link ReminderObserver} (the API binds it to /metrics). */
export const REMINDER_OBSERVER = Symbol.for('reform-ledger.reminder-observer');
