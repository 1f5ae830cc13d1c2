import { createHash, createHmac } from 'node:crypto';
import type { RobotAudience, Role } from '#domain';

/** The channels a reminder can go out on besides the inbox, by the name failures are recorded under. */
export const CHANNELS = ['webhook', 'dingtalk', 'wecom'] as const;
/** A channel: the signed webhook, a DingTalk group robot, a WeCom group robot. */
export type Channel = (typeof CHANNELS)[number];

/** Where one reminder goes: each channel that is set, with what it needs. */
export interface ChannelTargets {
  /** The signed webhook: `X-Signature: sha256=<HMAC of the body with secret>`. */
  webhook?: { url: string; secret: string };
  /** A DingTalk group robot with the "加签" (signing) security setting: its `access_token` URL and `SEC…` secret. */
  dingtalk?: { url: string; secret: string };
  /** A WeCom group robot: its `key` URL (WeCom robots are not signed). */
  wecom?: { url: string };
}

/**
 * The routes file (`NOTIFY_ROUTES_FILE`): per recipient (`u-123`), unit (`unit:<code>`) or
 * everyone else (`*`), the group robots and webhook its reminders go to.
 */
export type NotifyRoutes = Readonly<Record<string, ChannelTargets>>;

/** Whom a reminder is for, as routing sees it. */
export interface RouteAddress {
  /** The inbox it goes to: a user id, or a unit's shared inbox `unit:<code>`. */
  recipient: string;
  /** The unit whose work it chases. */
  unit?: string;
  /** That unit's ancestors in the tree of units, nearest first (its parent, then the parent's parent, …). */
  ancestors?: readonly string[];
}

/**
 * Where a reminder goes: the first route of the recipient itself, then of the unit whose work
 * it chases (`unit:<code>`), then of that unit's ancestors nearest first (a street office
 * without a robot of its own reaches its district's group), then `*`; with none of them, the
 * default channels (`NOTIFY_WEBHOOK_URL`, `NOTIFY_DINGTALK_URL`, `NOTIFY_WECOM_URL`). The route
 * found decides every channel: a unit routed to its own DingTalk group does not also reach the
 * default one.
 */
export function routeFor(routes: NotifyRoutes, defaults: ChannelTargets, to: RouteAddress): ChannelTargets {
  const key = routeKeyFor(routes, to);
  return key === null ? defaults : routes[key]!;
}

/** The key of the routes file {@link routeFor} takes for a reminder, `null` for the default channels. */
export function routeKeyFor(routes: NotifyRoutes, to: RouteAddress): string | null {
  const units = to.unit ? [to.unit, ...(to.ancestors ?? [])] : [];
  const keys = [to.recipient, ...units.map((unit) => `unit:${unit}`), '*'];
  return keys.find((key) => Object.hasOwn(routes, key)) ?? null;
}

/**
 * Who may be reading the chat of the route a reminder takes (`robotMayName` decides what a
 * group robot says there): the recipient's own route, a unit's, or for `*` and the default
 * channels the users of `defaultReaders` (`NOTIFY_DEFAULT_ROBOT_READERS`).
 */
export function robotAudience(routes: NotifyRoutes, to: RouteAddress, defaultReaders: readonly Role[]): RobotAudience {
  const key = routeKeyFor(routes, to);
  if (key === to.recipient) return { kind: 'recipient' };
  if (key !== null && key.startsWith('unit:')) return { kind: 'unit', unit: key.slice('unit:'.length) };
  return { kind: 'roles', roles: defaultReaders };
}

/**
 * `true` when the file routes some unit: only then can a unit's ancestors change where a
 * reminder goes, and are worth looking up.
 */
export function routesNameUnits(routes: NotifyRoutes): boolean {
  return Object.keys(routes).some((key) => key.startsWith('unit:'));
}

/**
 * A group robot's identity (`null` for the webhook): a hash of its URL, so the robot's token
 * never appears in a Redis key or a log.
 */
export function robotKey(channel: Channel, targets: ChannelTargets): string | null {
  if (channel === 'webhook') return null;
  const url = targets[channel]?.url;
  return url === undefined ? null : createHash('sha256').update(`${channel}\n${url}`).digest('hex');
}

/**
 * A group robot's address for one planned reminder (`null` for the webhook, which is told each
 * recipient). Recipients of the same reminder routed to the same group share it, and the group
 * gets one message, not one per recipient.
 */
export function robotCopyKey(channel: Channel, targets: ChannelTargets, plannedKey: string): string | null {
  const robot = robotKey(channel, targets);
  return robot === null ? null : createHash('sha256').update(`${plannedKey}\n${robot}`).digest('hex');
}

/** The channels a route sets, in {@link CHANNELS} order. */
export function channelsOf(targets: ChannelTargets): Channel[] {
  return CHANNELS.filter((c) => targets[c] !== undefined);
}

/** What every channel is told about one delivered reminder (the webhook's body as it is). */
export interface ReminderMessage {
  /** The job id: stable across retries, so a receiver can drop repeats. */
  id: string;
  kind: string;
  recipient: string;
  /** One line in the configured language, times in the display time zone. */
  subject: string;
  /** Markdown: what, whose, when due, how late, what to do. */
  text: string;
  refs: Record<string, unknown>;
  /** The console page of the reminder's subject, when PUBLIC_URL is set. */
  link?: string;
  at: string;
  sentAt: string;
}

/** A channel answered with a failure, or could not be reached. */
export class ChannelDeliveryError extends Error {
  constructor(
    readonly channel: Channel,
    message: string,
    readonly status: number | null,
  ) {
    super(`${channel} ${message}`);
    this.name = 'ChannelDeliveryError';
  }
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the webhook's `X-Signature` header value. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The `sign` of a signed DingTalk robot: base64 of HMAC-SHA256 keyed by the secret over
 * `<timestamp>\n<secret>`, the timestamp in epoch milliseconds (DingTalk refuses one more than an
 * hour off its clock).
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot's URL with `timestamp` and the URL-encoded `sign` added to its `access_token`. */
export function signedDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  // URLSearchParams percent-encodes `+`, `/` and `=` of the base64, as DingTalk expects.
  signed.searchParams.set('sign', dingTalkSign(secret, timestampMs));
  return signed.toString();
}

/** The words a group robot shows: the reminder's subject and its markdown text, ending with its reference. */
export interface RobotText {
  title: string;
  markdown: string;
  /** The console page of the reminder's subject (with PUBLIC_URL), and the words of its button. */
  link?: { url: string; label: string };
}

/**
 * What a group robot is sent. With a console link, DingTalk gets an action card whose one
 * button opens the subject's page (in DingTalk's own browser), and WeCom's markdown ends with
 * the link; without one, both get markdown.
 */
export function robotBody(channel: 'dingtalk' | 'wecom', robot: RobotText): Record<string, unknown> {
  if (channel === 'dingtalk') {
    return robot.link
      ? {
          msgtype: 'actionCard',
          actionCard: { title: robot.title, text: robot.markdown, singleTitle: robot.link.label, singleURL: robot.link.url },
        }
      : { msgtype: 'markdown', markdown: { title: robot.title, text: robot.markdown } };
  }
  return {
    msgtype: 'markdown',
    markdown: { content: robot.link ? `${robot.markdown}\n\n[${robot.link.label}](${robot.link.url})` : robot.markdown },
  };
}

/**
 * The console page of a reminder's subject, from its refs, under `publicUrl`: a matter's 会签单,
 * a task's (or milestone's, or acknowledgement's) 任务详情, a finding's inspection, a meeting
 * item's meeting; anything else opens 我的待办. Null without a public address.
 */
export function consoleLink(publicUrl: string | undefined, refs: Record<string, unknown>): string | null {
  if (!publicUrl) return null;
  const base = `${publicUrl.replace(/\/+$/, '')}/console`;
  const ref = (k: string) => (typeof refs[k] === 'string' && refs[k] !== '' ? encodeURIComponent(refs[k] as string) : null);
  if (ref('matterId')) return `${base}/matters/${ref('matterId')}`;
  if (ref('taskId')) return `${base}/tasks/${ref('taskId')}`;
  if (ref('inspectionId')) return `${base}/inspections/${ref('inspectionId')}${ref('findingId') ? `?finding=${ref('findingId')}` : ''}`;
  if (ref('meetingId')) return `${base}/meetings/${ref('meetingId')}${ref('itemId') ? `?item=${ref('itemId')}` : ''}`;
  return `${base}/`;
}

/**
 * POSTs one reminder to one channel, once: retries with backoff are BullMQ's (the job's
 * `attempts`/`backoff`), so they survive a worker restart. Group robots answer HTTP 200 with
 * `errcode` (0 when accepted; a bad signature, a blocked keyword or the robot's rate limit are
 * other codes), so their answer is read, not just their status.
 * @throws ChannelDeliveryError naming the channel and what it answered.
 */
export async function sendToChannel(
  channel: Channel,
  targets: ChannelTargets,
  message: ReminderMessage,
  robot: RobotText,
  nowMs: number,
  timeoutMs = 5_000,
): Promise<void> {
  switch (channel) {
    case 'webhook': {
      const { url, secret } = required(targets.webhook, channel);
      const body = JSON.stringify(message);
      await post(channel, url, body, { 'x-signature': signBody(body, secret), 'x-reminder-id': message.id }, timeoutMs, false);
      return;
    }
    case 'dingtalk': {
      const { url, secret } = required(targets.dingtalk, channel);
      await post(channel, signedDingTalkUrl(url, secret, nowMs), JSON.stringify(robotBody(channel, robot)), {}, timeoutMs, true);
      return;
    }
    case 'wecom': {
      const { url } = required(targets.wecom, channel);
      await post(channel, url, JSON.stringify(robotBody(channel, robot)), {}, timeoutMs, true);
      return;
    }
    default: {
      const unknown: never = channel;
      throw new Error(`unknown channel ${String(unknown)}`);
    }
  }
}

function required<T>(target: T | undefined, channel: Channel): T {
  if (target === undefined) throw new Error(`channel ${channel} is not configured for this reminder`);
  return target;
}

async function post(
  channel: Channel,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  robot: boolean,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ChannelDeliveryError(channel, `unreachable: ${(e as Error).message}`, null);
  }
  // Read the body either way, so the connection is reused.
  const answer = await res.text().catch(() => '');
  if (!res.ok) throw new ChannelDeliveryError(channel, `answered ${res.status}`, res.status);
  if (!robot) return;
  let parsed: { errcode?: unknown; errmsg?: unknown } | null = null;
  try {
    parsed = JSON.parse(answer) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    // Not JSON: not a robot's answer.
  }
  if (parsed?.errcode !== 0)
    throw new ChannelDeliveryError(
      channel,
      `refused: errcode ${String(parsed?.errcode)} ${String(parsed?.errmsg ?? answer.slice(0, 200))}`,
      res.status,
    );
}
