// npm run test:hostile: the hostile-input specs at full size (HOSTILE_FUZZ_RUNS cases per
// operation, default 50), then the totals of the figures each spec reported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
const figuresFile = path.join(dir, 'figures.jsonl');
const started = Date.now();
const jest = spawnSync('node_modules/.bin/jest', ['--selectProjects', 'e2e', '--runInBand', 'test/hostile-', 'test/authorisation-matrix'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_OPTIONS: '--experimental-vm-modules',
    HOSTILE_FUZZ_RUNS: process.env.HOSTILE_FUZZ_RUNS ?? '50',
    HOSTILE_FIGURES_FILE: figuresFile,
  },
});
let reports = [];
try {
  reports = readFileSync(figuresFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // no spec got as far as reporting
}
rmSync(dir, { recursive: true, force: true });
const figure = (title, name) => reports.find((r) => r.title === title)?.figures[name] ?? 'n/a';
const totals = {
  'requests sent (all hostile specs)': reports.reduce((n, r) => n + (Number(r.figures['requests sent']) || 0), 0),
  '5xx seen (fuzzer)': figure('hostile input fuzzer', '5xx seen'),
  'events appended by refused requests (fuzzer)': figure('hostile input fuzzer', 'events appended by refused requests'),
  'fuzzer: operations × cases':
    `${figure('hostile input fuzzer', 'operations')} × ` + `${figure('hostile input fuzzer', 'cases per operation')}`,
  'fuzzer: heap after GC, MB': figure('hostile input fuzzer', 'heap after GC, MB (after warm-up → end)'),
  'fuzzer: RSS, MB': figure('hostile input fuzzer', 'RSS, MB (after warm-up → end)'),
  'authorisation matrix: routes': figure('authorisation matrix', 'routes'),
  'authorisation matrix: cases': figure('authorisation matrix', 'cases (route × caller, owner and not owner)'),
  'wall time, s': Math.round((Date.now() - started) / 1000),
};
const width = Math.max(...Object.keys(totals).map((k) => k.length));
process.stdout.write(
  `\ntest:hostile totals\n${Object.entries(totals)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)
    .join('\n')}\n`,
);
process.exit(jest.status ?? 1);
