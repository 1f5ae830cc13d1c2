// bench:api's rows (MEASURES) and targets (RATIOS, the search and scope verdicts): a capability adds its own here.
import type autocannon from 'autocannon';
import { AREA_OF, PROGRESS_TASKS, taskId } from './seed.js';
import { COMMAND_ROW, STORE_ROW, type Row } from './measure.js';
import type { Servers } from './server.js';

/** One measured row: an autocannon run against one of the servers. */
export interface Measure {
  label: string;
  /** Connections (default CONNECTIONS): one for a dashboard's query, whose latency is then its own cost. */
  connections?: number;
  /** The run's options, given the servers, a reform-office token, the scoped rows' readers and the run's context. */
  options(servers: Servers, token: string, readers: Readers, run: RunContext): autocannon.Options;
}

/** What a row may ask about the run: the moment before the first row was measured. */
export interface RunContext {
  beforeMeasures: string;
}

/** Tokens of the scoped rows' readers (#26): a department user and an evaluator of {@link BENCH_ORG}. */
export interface Readers {
  department: string;
  evaluator: string;
}

/** A ratio printed with its target: `numerator` / `denominator` (row labels) must reach `target`. */
export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  target: number;
}

export const BARE_LEDGER_ROW = 'GET /tasks bare Fastify, same SQL';
export const LEDGER_ROW = 'GET /tasks?area=…&limit=50';
export const PEER_ROW = 'peer: Emmett on emmett-sqlite, same command';
export const LIVE_SUMMARY_ROW = 'GET /tasks/summary (live)';
export const AS_OF_SUMMARY_ROW = 'GET /tasks/summary?asOf=…';
export const SCOREBOARD_ROW = 'GET /scoreboard?year=… (10,000 findings)';

/** The rows `BENCH_ROWS` (a regular expression over the labels) selects; every row without it. */
export function rowSelected(label: string): boolean {
  const only = process.env['BENCH_ROWS'];
  return !only || new RegExp(only).test(label);
}

export const ledgerRequests = () => {
  let q = 0;
  return [
    { method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/tasks?area=${AREA_OF(q++)}&limit=50` }) },
  ];
};

export const MEASURES: Measure[] = [
  {
    label: 'GET /bench/bare (bare Nest route)',
    options: (s) => ({ url: `http://127.0.0.1:${s.port}/bench/bare` }),
  },
  {
    label: BARE_LEDGER_ROW,
    options: (s) => ({ url: `http://127.0.0.1:${s.barePort}`, requests: ledgerRequests() }),
  },
  {
    label: LEDGER_ROW,
    options: (s, token) => ({
      url: `http://127.0.0.1:${s.port}`,
      headers: { authorization: `Bearer ${token}` },
      requests: ledgerRequests(),
    }),
  },
  {
    label: COMMAND_ROW,
    options: (s, token) => progressRequests(`http://127.0.0.1:${s.port}`, token),
  },
  {
    label: PEER_ROW,
    options: (s) => progressRequests(`http://127.0.0.1:${s.peerPort}`, null),
  },
];

/** Progress reports spread over the first PROGRESS_TASKS tasks, the same sequence for the route and its peer. */
export function progressRequests(url: string, token: string | null): autocannon.Options {
  let p = 0;
  return {
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST' as const,
        setupRequest: (req: autocannon.Request) => {
          const i = p++;
          return {
            ...req,
            path: `/tasks/${taskId((i * 7919) % PROGRESS_TASKS)}/progress`,
            body: JSON.stringify({ percent: i % 101, note: 'benchmark progress' }),
          };
        },
      },
    ],
  };
}

/**
 * `q` over the 100,000-task ledger (search), beside the unfiltered first page: one, two and
 * three Chinese characters and pinyin, each a 50-task page. Every seeded title holds 改革任务,
 * so those match every task (the densest ranking); `99 改革` is selective (1% of tasks, common
 * grams), `measurable` matches only the evaluation standard (the second ranking class, which
 * excludes title matches), `zzzz` nothing. Target: each p99 within 3x the unfiltered page's.
 */
export const SEARCH_PAGE_ROW = 'GET /tasks?limit=50 (unfiltered)';
export const SEARCH_QUERIES: Array<[string, string]> = [
  ['q=改 (1 char, all match)', '改'],
  ['q=改革 (2 chars, all match)', '改革'],
  ['q=改革任 (3 chars, all match)', '改革任'],
  ['q=ggrw (pinyin initials)', 'ggrw'],
  ['q=gaige (full pinyin)', 'gaige'],
  ['q=99 改革 (1% match)', '99 改革'],
  ['q=measurable (standard only)', 'measurable'],
  ['q=zzzz (no match)', 'zzzz'],
];
export const searchMeasure = (label: string, path: string): Measure => ({
  label,
  options: (s, token) => ({
    url: `http://127.0.0.1:${s.port}`,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET' as const, path }],
  }),
});
/**
 * `unitTree` over the same ledger, beside the unfiltered page: the city's subtree (56 units,
 * every task), a district's (11 units, a fifth of the tasks), a street's (1 unit, 2%).
 */
export const UNIT_TREE_QUERIES: Array<[string, string]> = [
  ['unitTree=city (56 units, 100%)', 'city'],
  ['unitTree=district-0 (11 units, 20%)', 'district-0'],
  ['unitTree=unit-7 (1 unit, 2%)', 'unit-7'],
];
MEASURES.push(
  searchMeasure(SEARCH_PAGE_ROW, '/tasks?limit=50'),
  ...UNIT_TREE_QUERIES.map(([label, code]) => searchMeasure(`GET /tasks?${label}`, `/tasks?unitTree=${code}&limit=50`)),
  ...SEARCH_QUERIES.map(([label, q]) => searchMeasure(`GET /tasks?${label}`, `/tasks?q=${encodeURIComponent(q)}&limit=50`)),
);

/**
 * Reading scopes (#26), each beside the same page unscoped in the same run: a department user's
 * matters (the ~117 of 10,000 it submitted or signs, walked on its own rows of the readers table)
 * beside the office's; an evaluator's tasks (its commissioned unit, group and tasks, about 12% of
 * 100,000) beside the office's unfiltered page. Target: each scoped p99 within 1.5x the unscoped.
 */
export const MATTERS_PAGE_ROW = 'GET /matters?limit=50 (office, all)';
export const MATTERS_SCOPED_ROW = 'GET /matters?limit=50 (department, scoped)';
export const TASKS_SCOPED_ROW = 'GET /tasks?limit=50 (evaluator, scoped)';
export const SCOPE_PAIRS: Array<[string, string]> = [
  [MATTERS_SCOPED_ROW, MATTERS_PAGE_ROW],
  [TASKS_SCOPED_ROW, SEARCH_PAGE_ROW],
];
export const pageAs = (label: string, path: string, who: (token: string, readers: Readers) => string): Measure => ({
  label,
  options: (s, token, readers) => ({
    url: `http://127.0.0.1:${s.port}`,
    headers: { authorization: `Bearer ${who(token, readers)}` },
    requests: [{ method: 'GET' as const, path }],
  }),
});
MEASURES.push(
  pageAs(MATTERS_PAGE_ROW, '/matters?limit=50', (office) => office),
  pageAs(MATTERS_SCOPED_ROW, '/matters?limit=50', (_, r) => r.department),
  pageAs(TASKS_SCOPED_ROW, '/tasks?limit=50', (_, r) => r.evaluator),
);

/** The scoping target: every scoped row's p99 within 1.5x its unscoped page's p99 (floor 1 ms). */
export function scopeVerdicts(rows: Row[]): string[] {
  return SCOPE_PAIRS.flatMap(([scoped, page]) => {
    const a = rows.find((r) => r.label === scoped);
    const b = rows.find((r) => r.label === page);
    if (!a || !b) return [];
    const ratio = (a.p99 ?? 0) / Math.max(b.p99 ?? 0, 1);
    return [
      `${scoped} p99 / ${page} p99: ${a.p99} ms vs ${b.p99} ms, ${ratio.toFixed(2)}x (target ≤ 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    ];
  });
}

/** The search target: every `q` row's p99 within 3x the unfiltered page's p99 (floor 1 ms). */
export function searchVerdict(rows: Row[]): string[] {
  const page = rows.find((r) => r.label === SEARCH_PAGE_ROW);
  const searches = rows.filter((r) => r.label.startsWith('GET /tasks?q='));
  if (!page || searches.length === 0) return [];
  const worst = searches.reduce((a, b) => ((b.p99 ?? 0) > (a.p99 ?? 0) ? b : a));
  const ratio = (worst.p99 ?? 0) / Math.max(page.p99 ?? 0, 1);
  return [
    `search p99 / unfiltered page p99: worst ${worst.p99} ms (${worst.label.slice('GET /tasks?'.length)}) vs ${page.p99} ms, ` +
      `${ratio.toFixed(1)}x (target ≤ 3x: ${ratio <= 3 ? 'met' : 'NOT met'})`,
  ];
}

export const RATIOS: Ratio[] = [
  { label: 'command route / store durable append', numerator: COMMAND_ROW, denominator: STORE_ROW, target: 0.3 },
  { label: 'command route / Emmett peer', numerator: COMMAND_ROW, denominator: PEER_ROW, target: 1 },
  { label: 'live summary / ledger page', numerator: LIVE_SUMMARY_ROW, denominator: LEDGER_ROW, target: 0.5 },
  { label: 'scoreboard / ledger page', numerator: SCOREBOARD_ROW, denominator: LEDGER_ROW, target: 0.2 },
  { label: 'ledger page / bare Fastify, same SQL', numerator: LEDGER_ROW, denominator: BARE_LEDGER_ROW, target: 0.7 },
];

/**
 * The dashboards' queries, on one connection, after every other row: the live summary, the
 * as-of summary at the moment before the command phase (20,000 tasks moved from planned to in
 * progress after it, so it reads stretches that later events closed) and the scoreboard.
 */
const dashboard = (label: string, path: (run: RunContext) => string): Measure => ({
  label,
  connections: 1,
  options: (s, token, _, run) => ({ url: `http://127.0.0.1:${s.port}${path(run)}`, headers: { authorization: `Bearer ${token}` } }),
});
MEASURES.push(
  dashboard(LIVE_SUMMARY_ROW, () => '/tasks/summary'),
  dashboard(AS_OF_SUMMARY_ROW, (run) => `/tasks/summary?asOf=${encodeURIComponent(run.beforeMeasures)}`),
  dashboard(SCOREBOARD_ROW, () => `/scoreboard?year=${new Date().getUTCFullYear()}`),
);
