/**
 * Pure helpers the screens share: how a time, a time left, a light and a matter's progress are
 * shown. No Vue here, so the unit tier tests them as they are.
 */
import type { ApiSchema } from '#api-client';

/** The zone people read times in (DISPLAY_TIMEZONE's default). */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/**
 * One formatter per zone, made once: making one costs far more than formatting with it, and a
 * table of times (审计追溯's events) formats one per cell each time it draws.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterIn(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const parts = (ms: number, timeZone: string) =>
  Object.fromEntries(
    formatterIn(timeZone)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

/** `YYYY-MM-DD HH:mm` in the zone, as the API's own texts show times; '' for no time. */
export function formatInstant(iso: string | null | undefined, timeZone = DISPLAY_TIME_ZONE): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A due given as a calendar day shows as that day; an instant as {@link formatInstant}. */
export function formatDue(iso: string | null | undefined, date?: string | null, timeZone = DISPLAY_TIME_ZONE): string {
  return date ? date : formatInstant(iso, timeZone);
}

/** `YYYY-MM-DD` of an instant in the zone (the "as of" picker's day). */
export function dayOf(ms: number, timeZone = DISPLAY_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

export interface TimeLeft {
  overdue: boolean;
  /** The largest whole unit of the distance to the deadline, at least one minute. */
  unit: 'days' | 'hours' | 'minutes';
  n: number;
}

/** How far the deadline is from now (or how long ago it passed); null without a deadline. */
export function timeLeft(deadlineIso: string | null | undefined, nowMs: number): TimeLeft | null {
  if (!deadlineIso) return null;
  const diff = Date.parse(deadlineIso) - nowMs;
  const abs = Math.abs(diff);
  const overdue = diff < 0;
  if (abs >= 86_400_000) return { overdue, unit: 'days', n: Math.floor(abs / 86_400_000) };
  if (abs >= 3_600_000) return { overdue, unit: 'hours', n: Math.floor(abs / 3_600_000) };
  return { overdue, unit: 'minutes', n: Math.max(1, Math.floor(abs / 60_000)) };
}

/** A light's colour: the API's own (the generated `TaskLight`), which matters and items share in the console. */
export type LightColour = ApiSchema<'TaskLight'>;

/**
 * The light of something with a deadline that carries none of its own (a matter, an action
 * item): red once past, yellow within the warning window (7 days, WARNING_WINDOW's default),
 * green otherwise; null when it has no deadline or is finished.
 */
export function deadlineLight(
  deadlineIso: string | null | undefined,
  nowMs: number,
  open: boolean,
  warningMs = 7 * 86_400_000,
): LightColour | null {
  if (!open || !deadlineIso) return null;
  const diff = Date.parse(deadlineIso) - nowMs;
  if (diff < 0) return 'red';
  return diff <= warningMs ? 'yellow' : 'green';
}

/** The message key of a light's word (超期/预警/正常): a light is never shown by colour alone. */
export function lightKey(light: LightColour | null | undefined): string {
  return light ? `light.${light}` : 'light.none';
}

interface SignerLike {
  state: ApiSchema<'SignerState'>;
}

/**
 * A matter's progress as `approved/needed`: `all` and `sequential` need every signer still in
 * the matter (a handed-over signer's place is taken by the new one), `any` one, `quorum` its
 * quorum.
 */
export function matterProgress(matter: { mode: ApiSchema<'MatterMode'>; quorum: number | null; signers: readonly SignerLike[] }): {
  approved: number;
  needed: number;
  signed: number;
  total: number;
} {
  const active = matter.signers.filter((s) => s.state !== 'delegated');
  const approved = active.filter((s) => s.state === 'approved').length;
  const signed = active.filter((s) => s.state === 'approved' || s.state === 'rejected').length;
  const needed = matter.mode === 'any' ? 1 : matter.mode === 'quorum' ? (matter.quorum ?? active.length) : active.length;
  return { approved, needed, signed, total: active.length };
}

/** The user a `sub` names, shown as the name when the token carried one. */
export function displayName(user: { id: string; name?: string | null } | null): string {
  return user ? (user.name ?? user.id) : '';
}
