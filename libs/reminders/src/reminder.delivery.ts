import {
  acknowledgementStillReminded,
  evolveEvaluation,
  evolveInspection,
  evolveMatter,
  evolveMeeting,
  evolveTask,
  initialEvaluationState,
  initialInspectionState,
  initialMatterState,
  initialMeetingState,
  initialTaskState,
  DomainError,
  evaluationStillReminded,
  evaluationStream,
  findingStillReminded,
  inspectionStream,
  isExpiryDue,
  itemStillReminded,
  matterDeciderFor,
  matterStillReminded,
  matterStream,
  meetingStream,
  reminderDecider,
  reminderStream,
  taskStillReminded,
  taskStream,
  type ReminderSubjectRef,
  type PlannedReminderKind,
} from '#domain';
import { loadStream, type CommandContext, type CommandSender, type EventStore } from '#event-store';
import { plannedReminderKeyOf, type AcknowledgementReminderJob, type EvaluationReminderJob, type FindingReminderJob, type ItemReminderJob, type MatterExpiryJob, type MatterReminderJob, type TaskReminderJob } from './reminder-jobs.js';
import type { ReminderSettings } from './reminder-settings.js';
import { storedUnitAncestors } from '#read-models';
import { channelsOf, robotCopyKey, robotKey, routeFor, routesNameUnits, sendToChannel, type Channel, type ChannelTargets, type ReminderMessage } from './channels.js';

/**
 * How far up the tree of units a reminder looks for a routed group: the city's four levels
 * (city, district, street, community) with room to spare, so a corrupt parent chain costs a
 * bounded number of reads per reminder.
 */
const MAX_ROUTED_ANCESTORS = 16;

/** How delivery reads the subjects' streams: their folds, which no calendar changes. */
const MEETING = { initialState: initialMeetingState, evolve: evolveMeeting };
const MATTER = { initialState: initialMatterState, evolve: evolveMatter };
const INSPECTION = { initialState: initialInspectionState, evolve: evolveInspection };
const EVALUATION = { initialState: initialEvaluationState, evolve: evolveEvaluation };
const TASK = { initialState: initialTaskState, evolve: evolveTask };

/** Who the worker acts as in the events it records. */
export const REMINDER_WORKER_ACTOR = { id: 'reminder-worker', roles: ['admin' as const] };

/** Hooks for metrics and benchmarks (the figures of `/metrics` are read from the stored events). */
export interface ReminderObserver {
  sent(kind: string, latenessMs: number): void;
  /** A channel gave up on a reminder after its last attempt. */
  failed(kind: string, channel: Channel): void;
}

/** A notification kind: what the reminder is about and where it stands (`item_overdue`). */
export type ReminderNotificationKind = `${'item' | 'matter' | 'finding' | 'evaluation' | 'task' | 'milestone' | 'acknowledgement'}_${PlannedReminderKind}`;

/**
 * The words of a reminder. Delivery knows the data (what, whose, when due, when sent); the
 * renderer, given by the process that runs delivery, owns the language and the time zone.
 */
export interface ReminderTexts {
  notification(kind: ReminderNotificationKind, facts: { title: string; owner: string; due: string; dueDate?: string | null; at: string }): { subject: string; text: string };
  /** The line a group robot's message ends with, naming the reminder's id (receivers and readers tell repeats by it). */
  reminderReference(id: string): string;
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

/** What {@link ReminderDelivery.deliver} needs to say about a reminder that still applies. */
interface Deliverable {
  /** The subject's ids, as recorded on the reminder's stream. */
  ref: ReminderSubjectRef;
  /** The deadline it chases (and its version), as it stands now. */
  deadline: string;
  deadlineVersion: number;
  /** Notification kind prefix: `item`, `matter`, `finding`. */
  prefix: string;
  /** The unit whose work the reminder chases (routes `unit:<code>` send it to that unit's group chat, or to its nearest routed ancestor's). */
  unit?: string;
  subject: string;
  /** Markdown: what, whose, when due, how late, what to do (the webhook's `text`). */
  text: string;
  /** References shown in the inbox entry. */
  refs: Record<string, string | number | null>;
  /** References sent to the webhook. */
  webhookRefs: Record<string, string | number | null>;
}

/**
 * Delivers reminder jobs, the same way for every subject. Per job: read the subject's stream
 * and ask the domain whether the reminder still applies (`itemStillReminded`,
 * `matterStillReminded`, `findingStillReminded`, `evaluationStillReminded`,
 * `taskStillReminded`); if so record `ReminderSent` on the reminder's own stream
 * (`reminder-<job id>`, command id = job id), which is also the inbox entry, so every retry of the job records it once; then send it on every channel its route
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
    private readonly now: () => number = Date.now,
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

  /** An action item's reminder to its owner or, overdue, an escalation recipient. */
  async item(job: DeliveryJob<ItemReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, meetingStream(d.meetingId), MEETING);
    const item = itemStillReminded(state, d);
    if (!item) return 'skipped';
    const dated: Record<string, string> = item.deadlineDate ? { deadlineDate: item.deadlineDate } : {};
    const { subject, text } = this.texts.notification(`item_${d.kind}`, { title: item.title, owner: item.owner, due: item.deadline, dueDate: item.deadlineDate, at: d.at });
    return this.deliver(job, {
      ref: { subject: 'item', meetingId: d.meetingId, itemId: d.itemId },
      deadline: item.deadline,
      deadlineVersion: item.deadlineVersion,
      prefix: 'item',
      unit: item.ownerUnit,
      subject,
      text,
      refs: { meetingId: d.meetingId, itemId: d.itemId, deadline: item.deadline, ...dated, reminderKind: d.kind, title: item.title },
      webhookRefs: { meetingId: d.meetingId, itemId: d.itemId, deadline: item.deadline },
    });
  }

  /** A countersign matter's reminder to a pending signer. */
  async matter(job: DeliveryJob<MatterReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, matterStream(d.matterId), MATTER);
    const m = matterStillReminded(state, d);
    if (!m) return 'skipped';
    const { subject, text } = this.texts.notification(`matter_${d.kind}`, { title: m.title, owner: d.recipient, due: d.deadline, dueDate: m.deadlineDate, at: d.at });
    // The title (and a date-only deadline's date) rides along so the inbox can say it again in the reader's language.
    const refs = { matterId: d.matterId, deadline: d.deadline, ...(m.deadlineDate ? { deadlineDate: m.deadlineDate } : {}), title: m.title };
    return this.deliver(job, {
      ref: { subject: 'matter', matterId: d.matterId },
      deadline: d.deadline,
      deadlineVersion: 1,
      prefix: 'matter',
      subject,
      text,
      refs,
      webhookRefs: refs,
    });
  }

  /** A finding's rectification reminder to its unit or, overdue, its inspector. */
  async finding(job: DeliveryJob<FindingReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, inspectionStream(d.inspectionId), INSPECTION);
    const finding = findingStillReminded(state, { findingId: d.findingId, extensions: d.dueVersion });
    if (!finding) return 'skipped';
    const facts = { title: finding.description, owner: finding.responsibleUnit, due: finding.rectificationDue, dueDate: finding.rectificationDueDate, at: d.at };
    const { subject, text } = this.texts.notification(`finding_${d.kind}`, facts);
    const refs = {
      inspectionId: d.inspectionId,
      findingId: d.findingId,
      responsibleUnit: finding.responsibleUnit,
      due: finding.rectificationDue,
      ...(finding.rectificationDueDate ? { dueDate: finding.rectificationDueDate } : {}),
      reminderKind: d.kind,
      title: finding.description,
    };
    return this.deliver(job, {
      ref: { subject: 'finding', inspectionId: d.inspectionId, findingId: d.findingId },
      deadline: finding.rectificationDue,
      deadlineVersion: d.dueVersion + 1,
      prefix: 'finding',
      unit: finding.responsibleUnit,
      subject,
      text,
      refs,
      webhookRefs: refs,
    });
  }

  /** An evaluation's report reminder, while the domain's `evaluationStillReminded` says it applies. */
  async evaluation(job: DeliveryJob<EvaluationReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, evaluationStream(d.evaluationId), EVALUATION);
    const evaluation = evaluationStillReminded(state, { due: d.due });
    if (!evaluation) return 'skipped';
    const title = `${evaluation.subject.kind} ${evaluation.subject.id} ${evaluation.year}`;
    const { subject, text } = this.texts.notification(`evaluation_${d.kind}`, { title, owner: evaluation.evaluatorUnit, due: evaluation.due, dueDate: evaluation.dueDate, at: d.at });
    const refs = { evaluationId: d.evaluationId, evaluatorUnit: evaluation.evaluatorUnit, due: evaluation.due, ...(evaluation.dueDate ? { dueDate: evaluation.dueDate } : {}), reminderKind: d.kind, title };
    return this.deliver(job, {
      ref: { subject: 'evaluation', evaluationId: d.evaluationId },
      deadline: evaluation.due,
      deadlineVersion: 1,
      prefix: 'evaluation',
      unit: evaluation.evaluatorUnit,
      subject,
      text,
      refs,
      webhookRefs: refs,
    });
  }

  /**
   * A reform task's deadline or milestone reminder to the lead unit's shared inbox or, overdue,
   * an escalation, while the domain's `taskStillReminded` says it applies.
   */
  async task(job: DeliveryJob<TaskReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, taskStream(d.taskId), TASK);
    const still = taskStillReminded(state, d);
    if (!still) return 'skipped';
    const { task, milestone } = still;
    // A milestone is named with its task, so the inbox line says which task's roadmap slipped.
    const title = milestone ? `${task.title} · ${milestone.title}` : task.title;
    const due = milestone ? milestone.due : task.deadline;
    const dueDate = milestone ? milestone.dueDate : task.deadlineDate;
    const prefix = milestone ? 'milestone' : 'task';
    const { subject, text } = this.texts.notification(`${prefix}_${d.kind}`, { title, owner: task.leadUnit, due, dueDate, at: d.at });
    const refs = {
      taskId: d.taskId,
      milestoneId: d.milestoneId,
      leadUnit: task.leadUnit,
      specialGroup: task.specialGroup,
      ...(milestone ? { due } : { deadline: due }),
      ...(dueDate ? (milestone ? { dueDate } : { deadlineDate: dueDate }) : {}),
      reminderKind: d.kind,
      title,
    };
    return this.deliver(job, {
      ref: { subject: 'task', taskId: d.taskId, milestoneId: d.milestoneId },
      deadline: due,
      deadlineVersion: d.deadlineVersion,
      prefix,
      unit: task.leadUnit,
      subject,
      text,
      refs,
      webhookRefs: refs,
    });
  }

  /** A task's acknowledgement reminder, while the domain's `acknowledgementStillReminded` says it applies. */
  async acknowledgement(job: DeliveryJob<AcknowledgementReminderJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const { state } = await loadStream(this.store, taskStream(d.taskId), TASK);
    const task = acknowledgementStillReminded(state, { acknowledgeBy: d.acknowledgeBy });
    if (!task) return 'skipped';
    const { subject, text } = this.texts.notification(`acknowledgement_${d.kind}`, { title: task.title, owner: task.leadUnit, due: d.acknowledgeBy, at: d.at });
    const refs = { taskId: d.taskId, leadUnit: task.leadUnit, acknowledgeBy: d.acknowledgeBy, reminderKind: d.kind, title: task.title };
    return this.deliver(job, {
      ref: { subject: 'acknowledgement', taskId: d.taskId },
      deadline: d.acknowledgeBy,
      deadlineVersion: 1,
      prefix: 'acknowledgement',
      unit: task.leadUnit,
      subject,
      text,
      refs,
      webhookRefs: refs,
    });
  }

  /** `ExpireMatter` at the deadline; a decided matter is left alone. */
  async expire(job: DeliveryJob<MatterExpiryJob>): Promise<DeliveryOutcome> {
    const d = job.data;
    const stream = matterStream(d.matterId);
    const { state } = await loadStream(this.store, stream, MATTER);
    const now = new Date(this.now()).toISOString();
    if (state === null || state.status !== 'pending') return 'skipped';
    // A clock slightly behind the one that computed the delay: let BullMQ's backoff retry.
    if (!isExpiryDue(state, now)) throw new Error(`matter ${d.matterId} is not due to expire yet (deadline ${state.deadline})`);
    try {
      await this.serial(stream, () =>
        this.commands.send(stream, this.matters, { type: 'ExpireMatter', data: { matterId: d.matterId }, metadata: this.metadata() }, { context: this.context(job.id) }),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return 'skipped';
    }
    return 'expired';
  }

  /** Records the reminder once on its own stream (the inbox entry), then sends it on its route's channels. */
  private async deliver(job: DeliveryJob<ItemReminderJob | MatterReminderJob | FindingReminderJob | EvaluationReminderJob | TaskReminderJob | AcknowledgementReminderJob>, r: Deliverable): Promise<DeliveryOutcome> {
    const d = job.data;
    const kind = `${r.prefix}_${d.kind}`;
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
            notification: { kind, subject: r.subject, refs: r.refs },
          },
          metadata: this.metadata(),
        },
        { context: this.context(job.id) },
      ),
    );
    const message: ReminderMessage = { id: job.id, kind, recipient: d.recipient, subject: r.subject, text: r.text, refs: r.webhookRefs, at: d.at, sentAt: new Date(this.now()).toISOString() };
    const { failed, waitMs } = await this.send(job, await this.route(d.recipient, r.unit), message);
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
  private async route(recipient: string, unit: string | undefined): Promise<ChannelTargets> {
    const routes = this.settings.routes ?? {};
    if (unit === undefined) return routeFor(routes, this.settings.channels ?? {}, { recipient });
    // Without a unit in the routes file, ancestors change nothing: spare the reads.
    const ancestors = routesNameUnits(routes) ? await storedUnitAncestors(this.store, unit, MAX_ROUTED_ANCESTORS) : [];
    return routeFor(routes, this.settings.channels ?? {}, { recipient, unit, ancestors });
  }

  /**
   * Sends a reminder on each channel of its route that has not taken it in an earlier attempt,
   * all at once, and remembers those that took it now. A group robot is sent to only within its
   * rate limit. Answers the channels that failed, and how long to wait for a robot's next window
   * (0: none was held back).
   */
  private async send(job: DeliveryJob<unknown>, targets: ChannelTargets, message: ReminderMessage): Promise<{ failed: Array<{ channel: Channel; error: string }>; waitMs: number }> {
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
    const robot = { title: message.subject, markdown: `${message.text}\n\n${this.texts.reminderReference(message.id)}` };
    const outcomes = await Promise.allSettled(pending.map((channel) => sendToChannel(channel, targets, message, robot, this.now())));
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
  private async recordFailure(job: DeliveryJob<ItemReminderJob | MatterReminderJob | FindingReminderJob | EvaluationReminderJob | TaskReminderJob | AcknowledgementReminderJob>, ref: ReminderSubjectRef, channel: Channel, error: string): Promise<void> {
    const stream = reminderStream(job.id);
    await this.serial(stream, () =>
      this.commands.send(
        stream,
        reminderDecider,
        {
          type: 'RecordReminderFailure',
          data: { ...ref, reminderKey: `${job.id}_${channel}`, channel, kind: job.data.kind, recipient: job.data.recipient, error, attempts: job.attemptsMade + 1 },
          metadata: this.metadata(),
        },
        { context: this.context(job.id, `_${channel}_failed`) },
      ),
    );
  }
}

/** Injection token of an optional {@link ReminderObserver} (the API binds it to /metrics). */
export const REMINDER_OBSERVER = Symbol.for('reform-ledger.reminder-observer');
