/** Reading the reminder settings (REMINDER_* and NOTIFY_*) from the validated configuration. */
import { DEFAULT_DUE_DAY_REMINDER, ROLES, type ReminderLadder, type Role } from '#domain';
import type { ChannelTargets, NotifyRoutes } from './channels.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `30s`, `15m`, `72h`, `2d`, `500ms` or a bare number of milliseconds (`0`) into ms.
 * @throws Error naming the value when it is not a non-negative whole duration.
 */
export function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(String(value).trim());
  if (!match) throw new Error(`Invalid duration "${value}": expected a whole number with ms, s, m, h or d (e.g. 72h, 15m, 0)`);
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  if (!Number.isSafeInteger(ms)) throw new Error(`Invalid duration "${value}": too large`);
  return ms;
}

/**
 * Parses a comma-separated list such as `72h,24h,0` (REMINDER_OFFSETS) into ms, largest first,
 * without duplicates.
 * @throws Error naming the first bad entry.
 */
export function parseOffsets(value: string): number[] {
  if (String(value).trim() === '') throw new Error(`Invalid reminder offsets "${value}": expected e.g. 72h,24h,0`);
  const offsets = String(value)
    .split(',')
    .map((part) => {
      try {
        return parseDuration(part);
      } catch (e) {
        throw new Error(`Invalid reminder offsets "${value}": ${(e as Error).message}`);
      }
    });
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/** Reminder settings, parsed once from the configuration: the domain's ladder plus the engine's own. */
export interface ReminderSettings extends ReminderLadder {
  sweepEveryMs: number;
  /** The default channels (`NOTIFY_WEBHOOK_*`, `NOTIFY_DINGTALK_*`, `NOTIFY_WECOM_URL`); none: the inbox only. */
  channels?: ChannelTargets;
  /** Per recipient, unit or `*`, the channels that replace the defaults (`NOTIFY_ROUTES_FILE`). */
  routes?: NotifyRoutes;
  /** Where people reach the console (`PUBLIC_URL`): every reminder then carries its subject's link. */
  publicUrl?: string;
  /**
   * Roles whose users read the chats of the default robots and of `*` (`NOTIFY_DEFAULT_ROBOT_READERS`):
   * a robot there names a reminder's record only when every one of them may read it; none: it never does.
   */
  defaultRobotReaders?: readonly Role[];
}

/** Parses the REMINDER_*, TASK_REMINDER_OFFSETS and NOTIFY_* settings (the config has validated their shape). */
export function reminderSettings(config: {
  REMINDER_OFFSETS: string;
  TASK_REMINDER_OFFSETS: string;
  REMINDER_ESCALATE_EVERY: string;
  REMINDER_ESCALATE_MAX: number;
  REMINDER_ESCALATE_TO: string;
  REMINDER_SWEEP_EVERY: string;
  NOTIFY_WEBHOOK_URL?: string;
  NOTIFY_WEBHOOK_SECRET?: string;
  NOTIFY_DINGTALK_URL?: string;
  NOTIFY_DINGTALK_SECRET?: string;
  NOTIFY_WECOM_URL?: string;
  /** Comma-separated roles (the config validated them). */
  NOTIFY_DEFAULT_ROBOT_READERS?: string;
  /** The routes file, read and validated when the configuration was loaded. */
  notifyRoutes?: NotifyRoutes;
  /** The days of date-only deadlines (default `Asia/Shanghai`). */
  DISPLAY_TIMEZONE?: string;
  /** `HH:mm` on that day when a date-only deadline's reminders go out (default `09:00`). */
  DUE_DAY_REMINDER_AT?: string;
  PUBLIC_URL?: string;
}): ReminderSettings {
  return {
    dueDay: {
      timeZone: config.DISPLAY_TIMEZONE ?? DEFAULT_DUE_DAY_REMINDER.timeZone,
      at: config.DUE_DAY_REMINDER_AT ?? DEFAULT_DUE_DAY_REMINDER.at,
    },
    offsetsMs: parseOffsets(config.REMINDER_OFFSETS),
    taskOffsetsMs: parseOffsets(config.TASK_REMINDER_OFFSETS),
    escalateEveryMs: parseDuration(config.REMINDER_ESCALATE_EVERY),
    escalateMax: config.REMINDER_ESCALATE_MAX,
    escalateTo: config.REMINDER_ESCALATE_TO.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sweepEveryMs: parseDuration(config.REMINDER_SWEEP_EVERY),
    channels: {
      ...(config.NOTIFY_WEBHOOK_URL && config.NOTIFY_WEBHOOK_SECRET
        ? { webhook: { url: config.NOTIFY_WEBHOOK_URL, secret: config.NOTIFY_WEBHOOK_SECRET } }
        : {}),
      ...(config.NOTIFY_DINGTALK_URL && config.NOTIFY_DINGTALK_SECRET
        ? { dingtalk: { url: config.NOTIFY_DINGTALK_URL, secret: config.NOTIFY_DINGTALK_SECRET } }
        : {}),
      ...(config.NOTIFY_WECOM_URL ? { wecom: { url: config.NOTIFY_WECOM_URL } } : {}),
    },
    routes: config.notifyRoutes ?? {},
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    defaultRobotReaders: (config.NOTIFY_DEFAULT_ROBOT_READERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s): s is Role => (ROLES as readonly string[]).includes(s)),
  };
}
