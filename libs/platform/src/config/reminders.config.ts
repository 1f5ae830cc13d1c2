import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { isTimeOfDay, ROLES, type TaskLightRule } from '#domain';
import { parseDuration } from '#reminders';
import { AuthSettings } from './auth.config.js';
import { DURATION, DURATION_LIST, emptyToUndefined, toInt } from './config-values.js';

/**
 * Reminders and the calendar they keep: offsets, escalation, acknowledgement, the light, and the notification channels.
 */
export class ReminderSettings extends AuthSettings {
  @Matches(DURATION_LIST, { message: 'REMINDER_OFFSETS must be durations like 72h,24h,0' })
  REMINDER_OFFSETS = '72h,24h,0';

  /** Offsets before a reform task's deadline and each milestone's due date (the lead unit's inbox). */
  @Matches(DURATION_LIST, { message: 'TASK_REMINDER_OFFSETS must be durations like 168h,72h,24h,0' })
  TASK_REMINDER_OFFSETS = '168h,72h,24h,0';

  @Matches(DURATION, { message: 'REMINDER_ESCALATE_EVERY must be a duration like 24h' })
  REMINDER_ESCALATE_EVERY = '24h';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  REMINDER_ESCALATE_MAX = 7;

  /** Who receives overdue escalations besides the owner (comma-separated user ids). */
  @IsString()
  REMINDER_ESCALATE_TO = 'reform-office';

  @Matches(DURATION, { message: 'REMINDER_SWEEP_EVERY must be a duration like 5m' })
  REMINDER_SWEEP_EVERY = '5m';

  /** How long a lead unit has to acknowledge (签收) a task registered or dispatched to it. */
  @Matches(DURATION, { message: 'ACK_WINDOW must be a duration like 3d' })
  ACK_WINDOW = '3d';

  /**
   * A task whose deadline or next open milestone is due within this window shows a yellow
   * light (三色预警); a duration like `7d`.
   */
  @Matches(DURATION, { message: 'WARNING_WINDOW must be a duration like 7d' })
  WARNING_WINDOW = '7d';

  /**
   * When the reminders of a date-only deadline go out, `HH:mm` in {@link DISPLAY_TIMEZONE}: the
   * `due` reminder at this time on that day rather than at its last instant (midnight).
   */
  @ValidateBy(
    { name: 'isTimeOfDay', validator: { validate: (v: unknown) => isTimeOfDay(v) } },
    {
      message: 'DUE_DAY_REMINDER_AT must be a time of day HH:mm such as 09:00',
    },
  )
  DUE_DAY_REMINDER_AT = '09:00';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((c: ReminderSettings) => c.NOTIFY_WEBHOOK_URL !== undefined)
  @IsString({ message: 'NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set' })
  @MinLength(16, { message: 'NOTIFY_WEBHOOK_SECRET must be at least 16 characters' })
  NOTIFY_WEBHOOK_SECRET?: string;

  /** The default DingTalk group robot (its `access_token` URL), signed with {@link NOTIFY_DINGTALK_SECRET}. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'NOTIFY_DINGTALK_URL must be an http(s) URL' },
  )
  NOTIFY_DINGTALK_URL?: string;

  /** The robot's 加签 secret (`SEC…`): DingTalk refuses unsigned posts to a robot with signing on. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: ReminderSettings) => c.NOTIFY_DINGTALK_URL !== undefined)
  @IsString({ message: "NOTIFY_DINGTALK_SECRET is required when NOTIFY_DINGTALK_URL is set (the robot's 加签 secret, SEC…)" })
  @MinLength(1, { message: "NOTIFY_DINGTALK_SECRET is required when NOTIFY_DINGTALK_URL is set (the robot's 加签 secret, SEC…)" })
  NOTIFY_DINGTALK_SECRET?: string;

  /** The default WeCom group robot (its `key` URL). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'NOTIFY_WECOM_URL must be an http(s) URL' },
  )
  NOTIFY_WECOM_URL?: string;

  /**
   * Roles whose users read the chats of the default robots and of the routes file's `*`
   * (comma-separated): a group robot there names what a reminder is about only when each of
   * them may read it (`robotMayName`). Default: the reform office's supervision group. Empty:
   * the chat may be anyone's, and robots there name nothing.
   */
  @Matches(new RegExp(`^(\\s*(${ROLES.join('|')})\\s*(,\\s*(${ROLES.join('|')})\\s*)*)?$`), {
    message: `NOTIFY_DEFAULT_ROBOT_READERS must be a comma-separated list of roles (${ROLES.join(', ')}), or empty`,
  })
  NOTIFY_DEFAULT_ROBOT_READERS = 'reform_office';

  /** JSON routes (per recipient, `unit:<code>` or `*`) to other robots than the defaults; validated at boot. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NOTIFY_ROUTES_FILE?: string = undefined;

  /** The task light's settings ({@link WARNING_WINDOW}; {@link DISPLAY_TIMEZONE}, the reporting periods' calendar). */
  get taskLightRule(): TaskLightRule {
    return { warningWindowMs: parseDuration(this.WARNING_WINDOW), timeZone: this.DISPLAY_TIMEZONE };
  }

  /** {@link ACK_WINDOW} in milliseconds. */
  get ackWindowMs(): number {
    return parseDuration(this.ACK_WINDOW);
  }
}
