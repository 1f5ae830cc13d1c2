import { ESLint } from 'eslint';

// "No writer decides with a default calendar" is a lint rule (eslint.config.js): this spec
// shows that it refuses each way of doing so in production code, and leaves specs alone.
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.severity === 2).map((m) => `${m.line}:${m.ruleId}`);
}

describe('the lint rule against default-calendar deciders', () => {
  const writer = [
    "import { DEFAULT_DUE_CALENDAR, matterDeciderFor, taskDeciderFor } from '#domain';",
    'export const a = matterDeciderFor(DEFAULT_DUE_CALENDAR);',
    "export const b = matterDeciderFor({ timeZone: 'Asia/Shanghai' });",
    'export const c = taskDeciderFor(calendar());',
    'export const d = taskDeciderFor(calendar(), { acknowledgeWindowMs: 1000 });',
    "import * as domain from '#domain';",
    'export const e = domain.meetingDeciderFor(domain.DEFAULT_DUE_CALENDAR);',
    'declare function calendar(): { timeZone: string };',
  ].join('\n');

  it.each(['apps/api/src/tasks/probe.ts', 'libs/reminders/src/probe.ts', 'scripts/probe.ts'])('refuses each misuse in %s', async (file) => {
    expect(await errors(writer, file)).toEqual([
      '1:no-restricted-imports',
      '2:no-restricted-syntax',
      '3:no-restricted-syntax',
      '4:no-restricted-syntax',
      '5:no-restricted-syntax',
      // A namespace import could reach the defaults: refused as well.
      '6:no-restricted-imports',
      '7:no-restricted-syntax',
    ]);
  });

  it('accepts a decider built from the configuration', async () => {
    const configured = [
      "import { matterDeciderFor, taskDeciderFor } from '#domain';",
      'declare const config: { timeZone: string; ackWindowMs: number };',
      'export const m = matterDeciderFor({ timeZone: config.timeZone });',
      'export const t = taskDeciderFor({ timeZone: config.timeZone }, { acknowledgeWindowMs: config.ackWindowMs });',
    ].join('\n');
    expect(await errors(configured, 'apps/api/src/tasks/probe.ts')).toEqual([]);
  });

  it('leaves specs, which decide on the default calendar on purpose, alone', async () => {
    expect(await errors(writer, 'libs/reminders/src/probe.int-spec.ts')).toEqual([]);
    expect(await errors(writer, 'test/probe.e2e-spec.ts')).toEqual([]);
  });
});
