import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

// Global setup and teardown of the e2e tier: the request helper of test-app.ts appends one line per
// checked answer (`METHOD /path status`) to CONTRACT_COVERAGE_FILE; at the end the tier prints how
// many of the operations × statuses the served document declares it exercised, and which it did not.

/** Prints the coverage figure and what no test reached. */
export default function teardown(_global: unknown, project: { rootDir: string }): void {
  // The served document as checked in; test/api-contract.e2e-spec.ts proves it equal to /docs-json.
  const DOCUMENT = path.join(project.rootDir, 'libs/api-client/openapi.json');
  const file = process.env['CONTRACT_COVERAGE_FILE'];
  if (!file || !existsSync(file)) return;
  const seen = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  rmSync(file, { force: true });
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  const declared: string[] = [];
  const unreached = new Map<string, string[]>();
  for (const [p, methods] of Object.entries(document.paths))
    for (const [m, op] of Object.entries(methods))
      for (const status of Object.keys(op.responses ?? {})) {
        const key = `${m.toUpperCase()} ${p} ${status}`;
        declared.push(key);
        if (!seen.has(key)) unreached.set(`${m.toUpperCase()} ${p}`, [...(unreached.get(`${m.toUpperCase()} ${p}`) ?? []), status]);
      }
  const exercised = declared.filter((k) => seen.has(k)).length;
  const operations = new Set(declared.map((k) => k.split(' ').slice(0, 2).join(' ')));
  const operationsReached = new Set([...seen].map((k) => k.split(' ').slice(0, 2).join(' ')));
  const lines = [
    '',
    `API contract coverage: ${exercised} of ${declared.length} declared operations × statuses exercised ` +
      `(${((100 * exercised) / declared.length).toFixed(1)}%), ` +
      (`${[...operations].filter((o) => operationsReached.has(o)).length} of ${operations.size} operations; every answer ` +
        `received was checked against its schema.`),
    'Declared but not reached by any test:',
    ...[...unreached].map(([op, statuses]) => `  ${op}: ${statuses.join(' ')}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
