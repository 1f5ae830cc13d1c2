// bench:api's ledger: the 100,000 tasks (and the findings, matters, groups, units and
// evaluations) registered straight into the store, hash-chained as the command path would, and
// the run's constants.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  AREAS,
  DEFAULT_DUE_CALENDAR,
  DEFAULT_INSPECTION_POLICY,
  evaluationDeciderFor,
  evaluationStream,
  inspectionDeciderFor,
  inspectionStream,
  matterDeciderFor,
  matterStream,
  specialGroupDecider,
  specialGroupStream,
  taskDeciderFor,
  taskStream,
  unitDecider,
  unitStream,
  type Area,
  type CommissionEvaluation,
  type InspectionCommand,
  type InspectionEvent,
  type RegisterTask,
  type SpecialGroupCommand,
  type SubmitMatter,
  type UnitCommand,
} from '#domain';
import { chainEvents, eventIdFor, SqliteEventStore, type EventData } from '#event-store';
import { loadConfig, type AppConfig } from '#platform';

// Decides as a deployment that configured nothing (the default calendar).
export const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
export const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);
export const evaluationDecider = evaluationDeciderFor(DEFAULT_DUE_CALENDAR);

// BENCH_TASKS shrinks the ledger for a quick check of the bench itself (the figures need 100,000).
export const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
/** Inspection findings for the scoreboard: FINDINGS_PER_INSPECTION to an inspection, over the 50 units. */
export const FINDINGS = Number(process.env['BENCH_FINDINGS'] ?? 10_000);
export const FINDINGS_PER_INSPECTION = 10;
/** Special groups registered before the tasks, each task naming one of them. */
export const GROUPS = 10;
export const PROGRESS_TASKS = Math.min(20_000, TASKS);
/**
 * Countersign matters beside the tasks, for the reading scopes (#26): each submitted by one of
 * 200 users and signed by two of 300, so a user who is neither office nor committee reads about
 * a hundred of them (what a department's `GET /matters` walks).
 */
export const MATTERS = 10_000;
export const matterUser = (n: number) => `bench-user-${n}`;
/** The department user of the scoped matter list: submitter of 50 matters, signer of about 67. */
export const SCOPED_MATTER_READER = matterUser(7);
/** The evaluation organisation whose evaluator lists tasks: commissioned one unit (2% of the tasks), one group (10%) and two tasks. */
export const BENCH_ORG = 'bench-org';
export const STORE_APPENDS = 3_000;
export const DURATION_S = 10;
export const CONNECTIONS = 16;
export const SECRET = 'bench-secret-0123456789abcdef';
export const AREA_OF = (i: number): Area => AREAS[i % AREAS.length]!;
export const taskId = (i: number) => `bench-task-${i}`;

export function configFor(dataDir: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    // Durable, as in production: every command's commit is fsynced.
    EVENT_STORE_SYNCHRONOUS: 'FULL',
    PORT: '0',
  });
}

/** The registration of the i-th benchmark task: the same for the product and its peer. */
export function registerTask(i: number, now: string): RegisterTask {
  const id = taskId(i);
  return {
    type: 'RegisterTask',
    data: {
      taskId: id,
      title: `Benchmark reform task ${i} 改革任务`,
      area: AREA_OF(i),
      specialGroup: `group-${i % GROUPS}`,
      specialGroupRegistered: true,
      leadUnit: `unit-${i % 50}`,
      responsible: `person-${i % 500}`,
      evaluationStandard: 'A measurable standard of completion for the benchmark',
      // A third already overdue, so the ledger's overdue arithmetic is exercised too.
      deadline: new Date(Date.now() + ((i % 3) - 1) * 86_400_000 * 30).toISOString(),
      milestones: [{ milestoneId: `${id}-m1`, title: 'First step', due: new Date(Date.now() + 86_400_000).toISOString() }],
    },
    metadata: { actor: { id: 'bench-office', roles: ['reform_office'] }, now },
  };
}

/** Registers the tasks straight into the store, hash-chained, exactly as the command path would. */
export async function seedLedger(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  const now = new Date().toISOString();
  const actor = { id: 'bench-office', roles: ['reform_office' as const] };
  const append = async (stream: string, events: Array<{ type: string; data: unknown }>) => {
    const commandId = randomUUID();
    const metadata = { actor, occurredAt: now, correlationId: commandId, causationId: commandId, commandId };
    const chained: EventData[] = chainEvents(
      stream,
      null,
      events.map((e, n) => ({ id: eventIdFor(commandId, n), type: e.type, data: e.data, metadata: { ...metadata } })),
    );
    await store.appendToStream(stream, chained, { expectedRevision: 'no_stream' });
  };
  try {
    for (let g = 0; g < GROUPS; g++) {
      const code = `group-${g}`;
      const command: SpecialGroupCommand = {
        type: 'RegisterSpecialGroup',
        data: { code, name: `Benchmark group ${g}`, lead: `lead-${g}`, memberUnits: [`unit-${g}`] },
        metadata: { actor, now },
      };
      await append(specialGroupStream(code), specialGroupDecider.decide(command, specialGroupDecider.initialState()));
    }
    // The tree of units: the city, 5 districts, and under each 10 of the tasks' 50 lead units.
    const units: Array<[string, 'city' | 'district' | 'street', string | undefined]> = [['city', 'city', undefined]];
    for (let d = 0; d < 5; d++) units.push([`district-${d}`, 'district', 'city']);
    for (let u = 0; u < 50; u++) units.push([`unit-${u}`, 'street', `district-${Math.floor(u / 10)}`]);
    for (const [code, level, parent] of units) {
      const command: UnitCommand = {
        type: 'RegisterUnit',
        data: { code, name: code, level, ...(parent ? { parent, parentRegistered: true, parentAncestors: [] } : {}) },
        metadata: { actor, now },
      };
      await append(unitStream(code), unitDecider.decide(command, unitDecider.initialState()));
    }
    for (let i = 0; i < TASKS; i++) {
      const command = registerTask(i, now);
      const id = command.data.taskId;
      await append(taskStream(id), taskDecider.decide(command, taskDecider.initialState()));
    }
    // Findings for the scoreboard, due this year, a third of them already past due.
    const inspections = inspectionDeciderFor(DEFAULT_INSPECTION_POLICY);
    for (let k = 0; k < FINDINGS / FINDINGS_PER_INSPECTION; k++) {
      const inspectionId = `bench-inspection-${k}`;
      const unit = `unit-${k % 50}`;
      const commands: InspectionCommand[] = [
        {
          type: 'OpenInspection',
          data: { inspectionId, title: `Benchmark inspection ${k}`, targetUnit: unit },
          metadata: { actor: { id: 'bench-inspector', roles: ['inspector'] }, now },
        },
        ...Array.from({ length: FINDINGS_PER_INSPECTION }, (_, f): InspectionCommand => ({
          type: 'RecordFinding',
          data: {
            inspectionId,
            findingId: `${inspectionId}-f${f}`,
            description: `Benchmark finding ${f} 整改`,
            severity: (['low', 'medium', 'high', 'critical'] as const)[f % 4],
            responsibleUnit: unit,
            rectificationDue: new Date(Date.now() + ((f % 3) - 1) * 86_400_000 * 10).toISOString(),
          },
          metadata: { actor: { id: 'bench-inspector', roles: ['inspector'] }, now },
        })),
      ];
      let state = inspections.initialState();
      const events: InspectionEvent[] = [];
      for (const c of commands) {
        const decided = inspections.decide(c, state);
        state = decided.reduce(inspections.evolve, state);
        events.push(...decided);
      }
      await append(inspectionStream(inspectionId), events);
    }
    for (let i = 0; i < MATTERS; i++) {
      const matterId = `bench-matter-${i}`;
      const command: SubmitMatter = {
        type: 'SubmitMatter',
        data: {
          matterId,
          title: `Benchmark matter ${i} 会签事项`,
          body: 'Benchmark matter body',
          signers: [matterUser(200 + (i % 300)), matterUser((i * 7) % 300)].filter((u, n, all) => all.indexOf(u) === n),
          mode: 'all',
        },
        metadata: { actor: { id: matterUser(i % 200), roles: ['department'], unit: `unit-${i % 50}` }, now },
      };
      await append(matterStream(matterId), matterDecider.decide(command, matterDecider.initialState()));
    }
    const subjects = [
      { kind: 'unit' as const, id: 'unit-7' },
      { kind: 'special_group' as const, id: 'group-3' },
      { kind: 'task' as const, id: taskId(1) },
      { kind: 'task' as const, id: taskId(2) },
    ];
    for (const [n, subject] of subjects.entries()) {
      const command: CommissionEvaluation = {
        type: 'CommissionEvaluation',
        data: {
          evaluationId: `bench-evaluation-${n}`,
          subject,
          year: new Date().getUTCFullYear(),
          evaluatorUnit: BENCH_ORG,
          due: new Date(Date.now() + 86_400_000 * 90).toISOString(),
        },
        metadata: { actor, now },
      };
      await append(evaluationStream(`bench-evaluation-${n}`), evaluationDecider.decide(command, evaluationDecider.initialState()));
    }
  } finally {
    await store.close();
  }
}
