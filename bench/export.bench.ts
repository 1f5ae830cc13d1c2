// Export benchmark: the RSS an export of a 100,000-task ledger adds, as xlsx and as CSV through
// the product's streaming export, against a raw CSV baseline (the same rows, read the same
// way, joined by hand) written to the same sink in the same run. Each export runs in its own
// child process so one's garbage does not count against another. Size: EXPORT_BENCH_TASKS.
// Run: npm run bench:export
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TIME_ZONE } from '#domain';
import type { RecordedEvent } from '#event-store';
import { allTasks, openReadModelDb, taskLedgerProjection } from '#read-models';
import { taskExport } from '../apps/api/src/exports/export-columns.js';
import { exportTable, type ExportFormat } from '../apps/api/src/exports/table-export.js';

const TASKS = Number(process.env['EXPORT_BENCH_TASKS'] ?? 100_000);
const MODES = ['raw-csv', 'csv', 'xlsx'] as const;
type Mode = (typeof MODES)[number];
/** The xlsx export is run again over a fifth of the rows: growth that does not depend on the row count is bounded. */
const SCALE_CHECK = 5;
// The bench measures the writer, not the zone: the default deployment's. Groups are named from a
// map as the API reads them from its read model; the generated tasks carry no key point.
const GROUP_NAMES = new Map(Array.from({ length: 10 }, (_, i) => [`专项小组${i}`, `第${i}专项小组`]));
const TASK_EXPORT_TABLE = taskExport(DEFAULT_TIME_ZONE, {
  specialGroup: (code) => GROUP_NAMES.get(code) ?? null,
  keyPoint: () => null,
  instructions: () => [],
  urgings: () => [],
});
interface Measure {
  mode: Mode;
  rows: number;
  bytes: number;
  seconds: number;
  baseMb: number;
  peakMb: number;
}
const log = (s: string) => process.stdout.write(`${s}\n`);
const mb = (bytes: number) => bytes / 1_048_576;

/** The sink every mode writes to: consumes each chunk on the next turn, with a 64 KB buffer (back-pressure applies). */
function sink(): Writable & { bytes: number } {
  const w = new Writable({
    highWaterMark: 65_536,
    write(chunk: Buffer, _enc, done) {
      (w as Writable & { bytes: number }).bytes += chunk.length;
      setImmediate(done);
    },
  }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

function seed(file: string): void {
  const db = openReadModelDb(file);
  taskLedgerProjection.migrate(db);
  const areas = [
    'real_economy',
    'agriculture_rural',
    'urban_development',
    'government_services',
    'grassroots_governance',
    'livelihood',
    'party_conduct',
  ];
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const event: RecordedEvent = {
        stream: `task-${id}`,
        revision: 0,
        position: i + 1,
        id: `e-${i}`,
        type: 'TaskRegistered',
        metadata: {},
        created: '2026-01-01T00:00:00.000Z',
        data: {
          taskId: id,
          title: `第${i}号改革任务：推进“一网通办”事项全流程网上办理`,
          area: areas[i % areas.length],
          specialGroup: `专项小组${i % 10}`,
          leadUnit: `责任单位${i % 120}`,
          responsible: '张伟',
          evaluationStandard: '全市 1,200 个事项可在 192 个政务服务中心“一窗受理”，群众满意度不低于 95%',
          deadline: new Date(Date.UTC(2026, i % 12, 1 + (i % 28))).toISOString(),
          milestones: [{ milestoneId: `m-${i}`, title: '试点', due: '2026-06-30T00:00:00.000Z' }],
          keyPoint: `要点${i % 40}`,
          registeredBy: 'office',
          registeredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        },
      };
      taskLedgerProjection.apply(db, event);
    }
    taskLedgerProjection.flush?.(db);
  });
  for (let i = 0; i < TASKS; i += 5_000) batch(i, Math.min(TASKS, i + 5_000));
  db.close();
}

async function child(mode: Mode, file: string, limit: number): Promise<Measure> {
  const db = openReadModelDb(file);
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const out = sink();
  // The product's default warning window (WARNING_WINDOW=7d).
  const rows = allTasks(db, {}, Date.now(), { warningWindowMs: 7 * 86_400_000, timeZone: 'Asia/Shanghai' });
  const start = process.hrtime.bigint();
  let n = 0;
  const counted = (function* () {
    for (const r of rows) {
      if (n >= limit) return;
      n++;
      yield r;
    }
  })();
  if (mode === 'raw-csv') {
    out.write('\uFEFF' + TASK_EXPORT_TABLE.columns.map((c) => c.header).join(',') + '\r\n');
    for (const t of counted) {
      const line = [
        t.id,
        t.title,
        t.area,
        t.specialGroup,
        t.leadUnit,
        t.responsible,
        t.evaluationStandard,
        t.keyPoint,
        t.deadline,
        t.status,
        t.progress,
        t.overdue,
        t.milestones.length,
        t.createdAt,
        t.updatedAt,
      ]
        .map((v) => (typeof v === 'string' && /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v ?? '')))
        .join(',');
      if (!out.write(line + '\r\n')) await once(out, 'drain');
    }
    out.end();
  } else {
    exportTable(TASK_EXPORT_TABLE, mode as ExportFormat, counted).pipe(out);
  }
  await once(out, 'finish');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { mode, rows: n, bytes: out.bytes, seconds, baseMb: mb(base), peakMb: mb(peak) };
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3] as Mode, process.argv[4]!, Number(process.argv[5]));
  process.stdout.write(JSON.stringify(result));
} else {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-export-bench-'));
  try {
    const file = path.join(root, 'task-ledger.sqlite');
    const t0 = Date.now();
    seed(file);
    log(
      `export bench: ${TASKS.toLocaleString('en')} tasks in the task ledger (seeded in ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s), node ${process.version}, ${os.cpus().length} cpus`,
    );
    const self = fileURLToPath(import.meta.url);
    const results: Measure[] = [];
    const measure = (mode: Mode, limit: number): Measure => {
      const run = spawnSync(
        process.execPath,
        ['--expose-gc', ...process.execArgv.filter((a) => a !== '--expose-gc'), self, '--child', mode, file, String(limit)],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (run.status !== 0) throw new Error(`${mode} child failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as Measure;
    };
    for (const mode of MODES) results.push(measure(mode, TASKS));
    const small = measure('xlsx', Math.floor(TASKS / SCALE_CHECK));
    const raw = results[0]!;
    log('');
    log('export                      rows       MB out   seconds   rows/s   RSS before MB   peak MB   growth MB   growth vs raw');
    for (const r of results) {
      const growth = r.peakMb - r.baseMb;
      const ratio = r === raw ? '-' : `${(growth / Math.max(raw.peakMb - raw.baseMb, 1)).toFixed(2)}x`;
      log(
        (r.mode === 'raw-csv' ? 'raw CSV (baseline)' : `product ${r.mode}`).padEnd(24) +
          r.rows.toLocaleString('en').padStart(9) +
          mb(r.bytes).toFixed(1).padStart(11) +
          r.seconds.toFixed(2).padStart(10) +
          Math.round(r.rows / r.seconds)
            .toLocaleString('en')
            .padStart(9) +
          r.baseMb.toFixed(0).padStart(16) +
          r.peakMb.toFixed(0).padStart(10) +
          growth.toFixed(1).padStart(12) +
          ratio.padStart(16),
      );
    }
    const growth = (r: Measure) => r.peakMb - r.baseMb;
    const worst = Math.max(...results.slice(1).map(growth));
    const xlsx = results[2]!;
    log('');
    log(
      `largest growth of a product export: ${worst.toFixed(1)} MB for ${TASKS.toLocaleString('en')} rows, ` +
        `${(worst - growth(raw)).toFixed(1)} MB above the raw baseline`,
    );
    log(
      `xlsx over ${small.rows.toLocaleString('en')} rows: ${growth(small).toFixed(1)} MB; over ` +
        `${xlsx.rows.toLocaleString('en')}: ${growth(xlsx).toFixed(1)} MB ` +
        `(${(growth(xlsx) / Math.max(growth(small), 1)).toFixed(2)}x for ${SCALE_CHECK}x the rows; held in memory it would ` +
        `grow with them)`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
