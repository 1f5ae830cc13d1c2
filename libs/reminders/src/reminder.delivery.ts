import {
  DomainError,
  evolveMatter,
  initialMatterState,
  isExpiryDue,
  matterDeciderFor,
  matterStream,
  reminderDecider,
  reminderStream,
  robotMayName,
  type ReminderReadFacts,
  type ReminderSubjectRef,
  type RobotAudience,
} from '#domain';
import { loadStream, type CommandContext, type CommandSender, type EventStore } from '#event-store';
import { plannedReminderKeyOf } from './reminder-jobs.js';
import {
  REMINDER_SUBJECTS,
  subjectOfJob,
  type ReminderJobData,
  type ReminderNotificationKind,
  type ReminderSubjectJob,
  type SweepJob,
} from './reminder-subjects.js';
import type { ReminderSettings } from './reminder-settings.js';
import type { MatterExpiryJob } from './subjects/matter.subject.js';
import type { AnyReminderSubject, Deliverable, SubjectReader } from './subjects/reminder-subject.js';
import { storedUnitAncestors } from '#read-models';
import {
  channelsOf,
  consoleLink,
  robotAudience,
  robotCopyKey,
  robotKey,
  routeFor,
  routesNameUnits,
  sendToChannel,
  type Channel,
  type ChannelTargets,
  type ReminderMessage,
  type RobotText,
} from './channels.js';

/**
 * How far up the tree of units a reminder looks for a routed group: the city's four levels
 * (city, district, street, community) with room to spare, so a corrupt parent chain costs a
 * bounded number of reads per reminder.
 */
const MAX_ROUTED_ANCESTORS = 16;

/** Who the worker acts as in the events it records. */
export const REMINDER_WORKER_ACTOR = { id: 'reminder-worker', roles: ['admin' as const] };

/** Hooks for metrics and benchmarks (the figures of `/metrics` are read from the stored events). */
export interface ReminderObserver {
  sent(kind: string, latenessMs: number): void;
  /** A channel gave up on a reminder after its last attempt. */
  failed(kind: string, channel: Channel): void;
}

/**
 * The words of a reminder. Delivery knows the data (what, whose, when due, when sent); the
 * renderer, given by the process that runs delivery, owns the language and the time zone.
 */
export interface ReminderTexts {
  notification(
    kind: ReminderNotificationKind,
    facts: { title: string; owner: string; due: string; dueDate?: string | null; at: string },
  ): { subject: string; text: string };
  /** The line a group robot's message ends with, naming the reminder's id (receivers and readers tell repeats by it). */
  reminderReference(id: string): string;
  /** The words of the button (or link) that opens the reminder's subject in the console. */
  openInConsole(): string;
  /** A group robot's line counting the evidence files (佐证材料) of the reminded record. */
  evidenceCount(count: number): string;
  /** What a group robot posts in place of a reminder some of its chat's readers may not read (`robotMayName`). */
  robotWithheld(): string;
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
  /** Channels that took this reminder in an earlier attempt: a retry does not send to them again. */
  delivered?: readonly Channel[];
  /** Remembers the channels that took it, for the next attempt (BullMQ keeps them as the job's progress). */
  markDelivered?(channels: readonly Channel[]): Promise<void>;
  /**
   * Claims a group robot's copy of a reminder planned for several recipients ({@link robotCopyKey}):
   * true for the first job that asks (and its own retries), false for the other recipients' jobs,
   * which leave that robot to it. Without it every job posts its own copy.
   */
  claimRobotCopy?(key: string): Promise<boolean>;
  /**
   * Takes one of a group robot's messages ({@link robotKey}) in the current window of its rate
   * limit: 0 when taken, else how long until the next window. Without it robots are not paced.
   */
  reserveRobotSlot?(robot: string): Promise<number>;
  /** Puts the job back for `ms` without counting an attempt (BullMQ's `moveToDelayed`); never returns. */
  postpone?(ms: number): Promise<never>;
}

/**
 * Delivers reminder jobs, the same way for every subject. Per job: the job's subject
 * (`REMINDER_SUBJECTS`) reads its aggregate's stream and asks the domain whether the reminder
 * still applies; if so record `ReminderSent` on the reminder's own stream
 * (`reminder-<job id>`, command id = job id), which is also the inbox entry, so every retry of the job records it once; then send it on
 * every channel its route
 * names (the signed webhook, the DingTalk and WeCom group robots), all at once, so a slow or
 * failing channel holds back no other. A failing channel throws and BullMQ retries the job with
 * exponential backoff: the record is already there (the repeat appends nothing), and only the
 * channels that have not taken the reminder yet are tried again (the job remembers those that
 * did). On the last attempt each channel still failing is recorded as `ReminderFailed` (key
 * `<job id>_<channel>`) on the same stream; the inbox entry stays. Channels are therefore
 * at-least-once (a crash between a POST and remembering it resends; receivers drop repeats by
 * the reminder's id), the inbox exactly-once.
 */
export class ReminderDelivery {
  /** Per stream, the tail of this process's queued appends to it (see {@link serial}). */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Expiry decides on the deployment's calendar (`DISPLAY_TIMEZONE`), like the API's matter routes. */
  private readonly matters: ReturnType<typeof matterDeciderFor>;

  constructor(
    /** Read side: the state checks before a delivery. */
    private readonly store: EventStore,
    /** Write side: every record goes through the sender (the CommandBus in the apps). */
    private readonly commands: CommandSender,
    private readonly settings: ReminderSettings,
    private readonly texts: ReminderTexts,
    private readonly observer?: ReminderObserver,
    /**
     * The time every judgement and record of delivery is made at: the app's clock in the apps
     * (`ReminderProcessor` passes it), so it agrees with the scheduler's plans and the commands'
     * `metadata.now`. The system clock for callers without one (benchmarks).
     */
    private readonly now: () => number = Date.now,
    /** The subjects whose jobs it runs: `REMINDER_SUBJECTS` (a spec adds one of its own). */
    private readonly subjects: readonly AnyReminderSubject[] = REMINDER_SUBJECTS,
  ) {
    this.matters = matterDeciderFor({ timeZone: settings.dueDay.timeZone });
  }

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
   * Runs the read-decide-append of jobs on the same stream one after another within this
   * process: two runs of one job (a redelivery racing a retry) or expiries of one matter would
   * otherwise lose the optimistic-concurrency race and re-read after a random backoff. Other
   * processes' writes are still handled by the command path's retries.
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
   * Runs one job of the queue but the sweep: a subject's reminder (delivered if its subject
   * says it still applies) or a matter's expiry.
   */
  async run(job: DeliveryJob<Exclude<ReminderJobData, SweepJob>>): Promise<DeliveryOutcome> {
    if (job.data.type === 'matter-expiry') return this.expire(job as DeliveryJob<MatterExpiryJob>);
    const subject = subjectOfJob(this.subjects, job.data.type);
    if (!subject) throw new Error(`no reminder subject runs jobs of type ${job.data.type}`);
    const reminder = job as DeliveryJob<ReminderSubjectJob>;
    const deliverable: Deliverable | null = await subject.deliverable(reminder.data, this.reader);
    return deliverable ? this.deliver(reminder, deliverable) : 'skipped';
  }

  /** How subjects read their aggregates: the stream, folded, from the store. */
  private readonly reader: SubjectReader = {
    load: async (stream, fold) => (await loadStream(this.store, stream, fold)).state,
  };

  /** `ExpireMatter` at the deadline; a decided matter is left alone. */
  private async expire(job: DeliveryJob<MatterExpiryJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const stream = matterStream(d.matterId);
    const { state } = await loadStream(this.store, stream, { initialState: initialMatterState, evolve: evolveMatter });
    const now = new Date(this.now()).toISOString();
    if (state === null || state.status !== 'pending') return 'skipped';
    // A clock slightly behind the one that computed the delay: let BullMQ's backoff retry.
    if (!isExpiryDue(state, now)) throw new Error(`matter ${d.matterId} is not due to expire yet (deadline ${state.deadline})`);
    try {
      await this.serial(stream, () =>
        this.commands.send(
          stream,
          this.matters,
          { type: 'ExpireMatter', data: { matterId: d.matterId }, metadata: this.metadata() },
          { context: this.context(job.id) },
        ),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return 'skipped';
    }
    return 'expired';
  }

  /** Records the reminder once on its own stream (the inbox entry), then sends it on its route's channels. */
  private async deliver(job: DeliveryJob<ReminderSubjectJob>, r: Deliverable): Promise<DeliveryOutcome> {
    const d = job.data;
    const kind = `${r.prefix}_${d.kind}` as ReminderNotificationKind;
    const { subject, text } = this.texts.notification(kind, { ...r.facts, at: d.at });
    const link = consoleLink(this.settings.publicUrl, r.refs);
    const stream = reminderStream(job.id);
    await this.serial(stream, () =>
      this.commands.send(
        stream,
        reminderDecider,
        {
          type: 'RecordReminder',
          data: {
            ...r.ref,
            reminderKey: job.id,
            kind: d.kind,
            recipient: d.recipient,
            at: d.at,
            deadline: r.deadline,
            deadlineVersion: r.deadlineVersion,
            notification: { kind, subject, refs: link ? { ...r.refs, link } : r.refs },
          },
          metadata: this.metadata(),
        },
        { context: this.context(job.id) },
      ),
    );
    const message: ReminderMessage = {
      id: job.id,
      kind,
      recipient: d.recipient,
      subject,
      text,
      refs: r.webhookRefs ?? r.refs,
      ...(link ? { link } : {}),
      at: d.at,
      sentAt: new Date(this.now()).toISOString(),
    };
    const { failed, waitMs } = await this.send(job, await this.route(d.recipient, r.unit), message, r.about, r.evidence);
    if (failed.length > 0) {
      if (job.attemptsMade + 1 >= job.attempts) {
        for (const f of failed) {
          await this.recordFailure(job, r.ref, f.channel, f.error);
          this.observer?.failed(kind, f.channel);
        }
      }
      throw new Error(`reminder ${job.id}: ${failed.map((f) => f.error).join('; ')}`);
    }
    // A robot whose messages of this minute are taken: back in the queue until the next minute,
    // without spending one of the attempts meant for failures.
    if (waitMs > 0 && job.postpone) return job.postpone(waitMs);
    this.observer?.sent(kind, this.now() - Date.parse(d.at));
    return 'sent';
  }

  /**
   * The route of a reminder ({@link routeFor}). The unit's ancestors are read from the unit
   * streams at each delivery, not from a read model the worker does not run, so a unit moved
   * under another parent is routed by its new one from its next reminder on.
   */
  private async route(recipient: string, unit: string | undefined): Promise<{ targets: ChannelTargets; audience: RobotAudience }> {
    const routes = this.settings.routes ?? {};
    // Without a unit in the routes file, ancestors change nothing: spare the reads.
    const ancestors =
      unit !== undefined && routesNameUnits(routes) ? await storedUnitAncestors(this.store, unit, MAX_ROUTED_ANCESTORS) : [];
    const to = unit === undefined ? { recipient } : { recipient, unit, ancestors };
    return {
      targets: routeFor(routes, this.settings.channels ?? {}, to),
      audience: robotAudience(routes, to, this.settings.defaultRobotReaders ?? []),
    };
  }

  /**
   * Sends a reminder on each channel of its route that has not taken it in an earlier attempt,
   * all at once, and remembers those that took it now. A group robot is sent to only within its
   * rate limit. Answers the channels that failed, and how long to wait for a robot's next window
   * (0: none was held back).
   */
  private async send(
    job: DeliveryJob<unknown>,
    { targets, audience }: { targets: ChannelTargets; audience: RobotAudience },
    message: ReminderMessage,
    about: ReminderReadFacts,
    evidence: number | undefined,
  ): Promise<{ failed: Array<{ channel: Channel; error: string }>; waitMs: number }> {
    const already = new Set(job.delivered ?? []);
    const plannedKey = plannedReminderKeyOf(job.id);
    const open = channelsOf(targets).filter((c) => !already.has(c));
    // A group robot reached by several recipients of one reminder (the owner and the office, a
    // unit and its inspector) posts it once: the other recipients' jobs leave it to the first.
    const mine = await Promise.all(open.map((c) => this.ownsRobotCopy(job, robotCopyKey(c, targets, plannedKey))));
    const owned = open.filter((_, i) => mine[i]);
    const waits = await Promise.all(owned.map((c) => this.robotSlotWait(job, robotKey(c, targets))));
    const pending = owned.filter((_, i) => waits[i] === 0);
    const waitMs = Math.max(0, ...waits);
    if (pending.length === 0) return { failed: [], waitMs };
    const reference = this.texts.reminderReference(message.id);
    // A group chat may be read by people who may not read the record: they are told only that a reminder waits (see robotMayName).
    const named = robotMayName(audience, about);
    // The evidence count is about the record too: said only where the record is named.
    const evidenceLine = named && evidence !== undefined ? `\n\n${this.texts.evidenceCount(evidence)}` : '';
    const robot: RobotText = {
      title: named ? message.subject : this.texts.robotWithheld(),
      markdown: `${named ? `${message.text}${evidenceLine}` : this.texts.robotWithheld()}\n\n${reference}`,
      // The console's page answers 404 to whoever may not read the record: the link names nothing.
      ...(message.link ? { link: { url: message.link, label: this.texts.openInConsole() } } : {}),
    };
    // DingTalk checks its signature's timestamp against its own (real) clock: signed with the wall
    // clock, not the app's, which a spec may have moved days away.
    const outcomes = await Promise.allSettled(pending.map((channel) => sendToChannel(channel, targets, message, robot, Date.now())));
    const took = pending.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    if (took.length > 0 && job.markDelivered) await job.markDelivered([...already, ...took]);
    const failed = pending.flatMap((channel, i) => {
      const o = outcomes[i]!;
      return o.status === 'rejected' ? [{ channel, error: (o.reason as Error).message }] : [];
    });
    return { failed, waitMs };
  }

  private async robotSlotWait(job: DeliveryJob<unknown>, robot: string | null): Promise<number> {
    return robot === null || !job.reserveRobotSlot ? 0 : job.reserveRobotSlot(robot);
  }

  private async ownsRobotCopy(job: DeliveryJob<unknown>, key: string | null): Promise<boolean> {
    return key === null || !job.claimRobotCopy || (await job.claimRobotCopy(key));
  }

  /** Records that a channel kept failing for a reminder, once per reminder and channel. */
  private async recordFailure(
    job: DeliveryJob<ReminderSubjectJob>,
    ref: ReminderSubjectRef,
    channel: Channel,
    error: string,
  ): Promise<void> {
    const stream = reminderStream(job.id);
    await this.serial(stream, () =>
      this.commands.send(
        stream,
        reminderDecider,
        {
          type: 'RecordReminderFailure',
          data: {
            ...ref,
            reminderKey: `${job.id}_${channel}`,
            channel,
            kind: job.data.kind,
            recipient: job.data.recipient,
            error,
            attempts: job.attemptsMade + 1,
          },
          metadata: this.metadata(),
        },
        { context: this.context(job.id, `_${channel}_failed`) },
      ),
    );
  }
}

/** Injection token of an optional {@link ReminderObserver} (the API binds it to /metrics). */
export const REMINDER_OBSERVER = Symbol.for('reform-ledger.reminder-observer');
