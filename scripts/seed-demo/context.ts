import { createApiClient, type ApiClient, type ApiProblem } from '#api-client';
import type { Role } from '#domain';
import { signDevToken } from '../../apps/api/src/auth/dev-token.js';

/** Who a request is made as: the claims of the development token the demo signs. */
export interface Actor {
  sub: string;
  roles: Role[];
  unit?: string;
}

/** What a call of the generated client answers: the typed data, or the problem of a 4xx/5xx. */
export type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The API refused a request: its status and problem document. */
export class SeedRefusal extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem | undefined,
    what: string,
  ) {
    super(`${what} → ${status}: ${problem?.detail ?? problem?.title ?? 'no problem document'}`);
  }
}

/** No API answered at the base URL (refused, reset, unknown host): fetch's own failure, with its cause. */
export class ApiUnreachable extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`No API answers at ${baseUrl} (${reason}).`);
  }
}

const DAY = 86_400_000;

/**
 * The demo's calendar. Deadlines hang off the first day of this month, so repeats within a
 * month send identical bodies (and are answered from their Idempotency-Keys).
 */
export class DemoCalendar {
  private readonly anchor: number;

  constructor(private readonly now: Date = new Date()) {
    this.anchor = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 10);
  }

  /** The assessment year of the demo: this year, in Beijing time. */
  get year(): number {
    return new Date(this.now.getTime() + 8 * 3_600_000).getUTCFullYear();
  }

  /** A deadline `days` from the anchor at 18:00 Beijing time; negative days are in the past. */
  deadline(days: number): string {
    return new Date(this.anchor + days * DAY).toISOString().replace('.000Z', '+08:00').replace(/T10:/, 'T18:');
  }

  /** The first day (`YYYY-MM-DD`) of the month `back` months before this one: in the past, the same all month. */
  monthStart(back: number): string {
    const a = new Date(this.anchor);
    return new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  }

  /** A past date-time for milestones and decisions, always before now. */
  pastDay(days: number): string {
    return new Date(Math.min(this.anchor, this.now.getTime() - DAY) - days * DAY).toISOString().replace('Z', '+00:00');
  }

  /** Five days from today (less `minusDays`) at 18:00 Beijing time: the same body all day, so a rerun that day replays it. */
  soonDeadline(minusDays = 0): string {
    const today = Date.UTC(this.now.getUTCFullYear(), this.now.getUTCMonth(), this.now.getUTCDate(), 10);
    return this.deadline(Math.round((today - this.anchor) / DAY) + 5 - minusDays);
  }
}

/**
 * What every seeding step works with: the generated client (`libs/api-client`) as any demo
 * user, the calendar, and what earlier steps registered (task and key point ids). Every write
 * carries an Idempotency-Key (`seed-demo:<key>`), so a rerun is answered from the first run.
 */
export class SeedContext {
  /** Requests sent, and those the API answered from an earlier run (`Idempotent-Replayed`). */
  readonly counts = { requests: 0, replayed: 0 };
  /** Ledger task ids in the order of the demo's task list (filled by the ledger step). */
  readonly taskIds: string[] = [];
  /** Key point ids by the demo's tag (filled by the ledger step). */
  readonly keyPointIds = new Map<string, string>();
  readonly calendar: DemoCalendar;
  /** A `fetch` of the caller's own (tests); the global one otherwise. */
  private readonly fetch: typeof fetch | undefined;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
    options: { fetch?: typeof fetch; now?: Date } = {},
  ) {
    this.fetch = options.fetch;
    this.calendar = new DemoCalendar(options.now);
  }

  /** The reform office (改革办), who registers most of the demo. */
  readonly office: Actor = { sub: 'demo-office', roles: ['reform_office'] };

  /** A responsible unit's (责任单位) user: `demo-<unit>`. */
  department(unit: string): Actor {
    return { sub: `demo-${unit}`, roles: ['department'], unit };
  }

  /** A committee member (深改委成员). */
  member(sub: string): Actor {
    return { sub, roles: ['committee_member'] };
  }

  /**
   * One request through the generated client as `who`: `call` makes it (typed by the document),
   * this sends it with the token and `key` as its Idempotency-Key (reads take none) and
   * answers its data, or throws {@link SeedRefusal} with the API's problem.
   */
  async send<T>(who: Actor, key: string | null, call: (api: ApiClient) => Promise<Answer<T>>): Promise<T> {
    const api = createApiClient({ baseUrl: this.baseUrl, token: await this.tokenOf(who), ...(this.fetch ? { fetch: this.fetch } : {}) });
    let what = '';
    api.use({
      onRequest: ({ request }) => {
        what = `${request.method} ${new URL(request.url).pathname}`;
        if (key !== null) request.headers.set('idempotency-key', `seed-demo:${key}`);
        return request;
      },
    });
    this.counts.requests += 1;
    let answer: Answer<T>;
    try {
      answer = await call(api);
    } catch (e) {
      throw unreachable(this.baseUrl, e) ?? e;
    }
    if (answer.response.headers.get('idempotent-replayed') === 'true') this.counts.replayed += 1;
    if (!answer.response.ok) throw new SeedRefusal(answer.response.status, answer.error as ApiProblem | undefined, what);
    return answer.data as T;
  }

  /** Whether the API answers at all (`GET /health/live`); throws {@link ApiUnreachable} when nothing does. */
  async probe(): Promise<void> {
    const api = createApiClient({ baseUrl: this.baseUrl, ...(this.fetch ? { fetch: this.fetch } : {}) });
    try {
      await api.GET('/health/live');
    } catch (e) {
      throw unreachable(this.baseUrl, e) ?? e;
    }
  }

  private tokenOf(who: Actor): Promise<string> {
    const key = `${who.sub}|${who.roles.join(',')}|${who.unit ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) this.tokens.set(key, (token = signDevToken(this.secret, { ...who, name: who.sub }, '1h')));
    return token;
  }
}

/** fetch's "fetch failed" as the reason no API answered (ECONNREFUSED, ENOTFOUND...), or null for anything else. */
function unreachable(baseUrl: string, e: unknown): ApiUnreachable | null {
  if (!(e instanceof TypeError)) return null;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return new ApiUnreachable(baseUrl, cause?.code ?? cause?.message ?? e.message);
}

/** `true` when the API refused with `status` (and `code`, when given): what a step may take as "already there". */
export function refusedWith(e: unknown, status: number, code?: string): boolean {
  return e instanceof SeedRefusal && e.status === status && (code === undefined || e.problem?.code === code);
}
