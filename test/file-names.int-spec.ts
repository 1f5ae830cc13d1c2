import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// One file-name style (CONTRIBUTING.md, "File names"): words inside a name are joined by `-`, and
// a file that plays one of the project's roles says so after a dot, `<subject>.<role>.ts`
// (`task-ledger.projection.ts`, `sqlite.event-store.ts`). So a name whose last hyphenated word is
// a role (`app-config.ts`, `task-rollup.ts`) is the other style, and fails here with its path.

const ROOT = process.cwd();
const TREES = ['apps', 'libs', 'test', 'bench', 'scripts'];
const SKIP = new Set(['node_modules', 'dist', 'generated', 'test-results']);
/** Roles as the tree names them after a dot. "subject" is not among them: it is also a word of
 * the domain (an assessment's subject, the `ReminderSubject` interface). */
const ROLES = [
  'access',
  'commands',
  'config',
  'contract',
  'controller',
  'decider',
  'dto',
  'errors',
  'event-store',
  'events',
  'evolve',
  'factory',
  'file-store',
  'filter',
  'guard',
  'interceptor',
  'job',
  'loader',
  'module',
  'pipe',
  'plugin',
  'port',
  'processor',
  'projection',
  'provider',
  'queries',
  'responses',
  'rollup',
  'rules',
  'scheduler',
  'service',
  'state',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|mts|cts|mjs|cjs)$/.test(name) ? [file] : [];
  });
}

/** The name without its test suffix and extension: `app.config.spec.ts` → `app.config`. */
function stem(file: string): string {
  return path
    .basename(file)
    .replace(/\.(ts|mts|cts|mjs|cjs)$/, '')
    .replace(/\.(spec|int-spec)$/, '');
}

/** End-to-end and browser specs are named by the topic they exercise (`api-contract`), not by a file beside them. */
function isTopicSpec(file: string): boolean {
  return /\.(e2e-spec|browser)\.ts$/.test(file);
}

function roleAfterHyphen(name: string): string | null {
  if (name.includes('.')) return null;
  return ROLES.find((role) => name.endsWith(`-${role}`)) ?? null;
}

describe('file names', () => {
  const files = TREES.flatMap((tree) => sourceFiles(path.join(ROOT, tree))).filter((file) => !isTopicSpec(file));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it('name a role after a dot, never after a hyphen', () => {
    const offending = files
      .map((file) => ({ file: path.relative(ROOT, file), role: roleAfterHyphen(stem(file)) }))
      .filter((f) => f.role !== null)
      .map((f) => `${f.file} (role "${f.role}" after a hyphen: <subject>.${f.role}.ts)`);
    expect(offending).toEqual([]);
  });

  it('tells the two styles apart', () => {
    expect(roleAfterHyphen('app-config')).toBe('config');
    expect(roleAfterHyphen('task-ledger-rollup')).toBe('rollup');
    expect(roleAfterHyphen('app.config')).toBeNull();
    expect(roleAfterHyphen('task-ledger')).toBeNull();
    expect(roleAfterHyphen('reminder-subject')).toBeNull();
  });
});
