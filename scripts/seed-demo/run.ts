import type { AppConfig } from '#platform';
import { assessmentStep } from './assessment.js';
import { SeedContext } from './context.js';
import { countersignStep } from './countersign.js';
import { dispatchStep } from './dispatch.js';
import { extensionsStep } from './extensions.js';
import { ledgerStep } from './ledger.js';
import { meetingsStep } from './meetings.js';
import { reportingStep } from './reporting.js';
import type { SeedStep } from './step.js';
import { supervisionStep } from './supervision.js';

/**
 * The demo's capabilities in the order they are seeded: later steps use what earlier ones
 * registered (task and key point ids). A capability joins with its own file and one line here.
 */
export const SEED_STEPS: readonly SeedStep[] = [
  ledgerStep,
  assessmentStep,
  dispatchStep,
  countersignStep,
  meetingsStep,
  extensionsStep,
  supervisionStep,
  reportingStep,
];

/** Where the API listens: BASE_URL, else the HOST and PORT `npm start` listens on (a wildcard host is reached on loopback). */
export function apiBaseUrl(env: NodeJS.ProcessEnv, config: Pick<AppConfig, 'HOST' | 'PORT'>): string {
  if (env['BASE_URL']) return env['BASE_URL'].replace(/\/+$/, '');
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/** What a run did: requests sent, those answered from an earlier run, and each step's phrase. */
export interface SeedOutcome {
  requests: number;
  replayed: number;
  steps: string[];
}

/**
 * Seeds the demo through the API at `baseUrl` (a `fetch` of the caller's own, for tests), then
 * prints what an office reads first: the summary, the lights, the key points without tasks and
 * the scoreboard. Throws `ApiUnreachable` when no API answers there.
 */
export async function seedDemo(options: {
  baseUrl: string;
  secret: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}): Promise<SeedOutcome> {
  const log = options.log ?? ((line: string) => console.log(line));
  const ctx = new SeedContext(options.baseUrl, options.secret, { ...(options.fetch ? { fetch: options.fetch } : {}) });
  await ctx.probe();
  log(`Seeding the demo ledger through ${options.baseUrl} …`);
  const steps: string[] = [];
  for (const step of SEED_STEPS) steps.push(await step.run(ctx));
  const outcome = { requests: ctx.counts.requests, replayed: ctx.counts.replayed, steps };
  log(`Done: ${outcome.requests} requests (${outcome.replayed} answered from earlier runs): ${steps.join('; ')}.`);
  await report(ctx, log);
  printDemoUsers(log);
  return outcome;
}

/** What the office reads first on the seeded ledger. */
async function report(ctx: SeedContext, log: (line: string) => void): Promise<void> {
  const { office } = ctx;
  const year = ctx.calendar.year;
  const summary = await ctx.send(office, null, (api) => api.GET('/tasks/summary'));
  const slipped = await ctx.send(office, null, (api) => api.GET('/tasks', { params: { query: { milestoneOverdue: true, limit: 500 } } }));
  const unstaffed = await ctx.send(office, null, (api) => api.GET('/key-points', { params: { query: { withoutTasks: true } } }));
  const board = await ctx.send(office, null, (api) => api.GET('/scoreboard', { params: { query: { year } } }));
  log(JSON.stringify(summary, null, 2));
  const { red, yellow, green } = summary.byLight;
  log(
    `Lights: ${red} red, ${yellow} yellow, ${green} green; ` +
      `${slipped.items.length} tasks with a slipped milestone; ${summary.documents} institutional documents.`,
  );
  log(`Key points with no task yet: ${unstaffed.items.map((k) => k.title).join('; ')}`);
  log(`Scoreboard ${year} (rules ${board.rulesVersion}):`);
  for (const u of board.units) log(`  ${String(u.rank).padStart(2)}. ${u.unit}  ${u.total} (−${u.deductions} +${u.bonus})`);
}

/** Who to sign in as (at /console/dev-login) to see what. */
function printDemoUsers(log: (line: string) => void): void {
  const users: Array<[string, string, string, string]> = [
    ['demo-member', '深改委成员', '', '我的待办：待会签的会签单（会签、依次审批、或签、加签、转交），一项会议事项'],
    ['demo-member-2', '深改委成员', '', '已办：已同意的会签单'],
    ['demo-office', '改革办', '', '改革台账、驾驶舱、绩效考评；发起的会签单（可加签、撤回）'],
    ['demo-leader', '领导', '', '驾驶舱（红黄绿灯、按专项小组/领域/单位、截至某日）'],
    ['demo-nanguan-yongxing-shengli', '责任单位', 'nanguan-yongxing-shengli', '我的待办：待签收的下发任务（签收、报送进度）'],
    ['demo-市工业和信息化局', '责任单位', '市工业和信息化局', '本单位任务（报送进度、提交验收）与得分明细'],
    ['demo-inspector', '督察', '市委督查室', '督察与整改'],
  ];
  log('\nDemo users (sign in at /console/dev-login with 用户, 单位 and the role):');
  for (const [sub, role, unit, what] of users) log(`  ${sub.padEnd(32)} ${role.padEnd(6)} ${unit.padEnd(26)} ${what}`);
}
