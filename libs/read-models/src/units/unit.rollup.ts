import type Database from 'better-sqlite3';
import { canReadUnit, rollUpTaskParts, TASK_LIGHTS, type LedgerScope, type TaskLight, type TaskLightRule, type TaskRollup } from '#domain';
import { taskReportOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { countLightsBy, noLights, rollUpLedgerParts } from '../task-ledger/ledger-rollup.queries.js';
import { TASK_LEDGER_TABLE } from '../task-ledger/task-ledger.projection.js';
import { unitTalliesFromRollup } from '../task-ledger/task.rollup.js';
import { isUnitRegistered, unitSubtree } from './units.queries.js';

/** Supervision of one unit's work (督办): what waits on the office or on the unit. */
export interface UnitSupervision {
  /** Open tasks with a pending extension request (延期申请). */
  pendingExtensions: number;
  /** Leaders' instructions on the unit's subjects not closed yet (批示), of those the reader may read. */
  openInstructions: number;
  /** Urging notices to the unit not replied to yet (催办单), of those the reader may read. */
  openUrgings: number;
  /** Open tasks whose progress report is overdue (报送逾期, `reporting.overdue`). */
  reportOverdue: number;
}

/** A roll-up of a unit's tasks with the count of each light (accepted and cancelled tasks have none) and their supervision. */
export type UnitTaskRollup = TaskRollup & { byLight: Record<TaskLight, number> } & UnitSupervision;

/** How a unit's own tasks and those of its whole subtree stand (`GET /units/:code/summary`). */
export interface UnitRollup {
  unit: string;
  /** `false` for a unit never registered: a top-level unit with no children. */
  registered: boolean;
  /** Units in the subtree, the unit itself included. */
  units: number;
  /** The tasks the unit leads itself. */
  own: UnitTaskRollup;
  /** The tasks led by the unit or any unit below it. */
  subtree: UnitTaskRollup;
}

/** Open instructions and urgings per unit, of those the reader may read (the instructions' and urgings' read models count them). */
export type OpenSupervisionByUnit = Readonly<Record<string, { openInstructions: number; openUrgings: number }>>;

/** Pending extensions and overdue reports per lead unit of `units`, counted over the ledger's rows (the roll-up's fallback). */
function countSupervisionBy(
  db: Database.Database,
  units: readonly string[],
  nowMs: number,
): Map<string, Pick<UnitSupervision, 'pendingExtensions' | 'reportOverdue'>> {
  const rows = prepared(
    db,
    `SELECT lead_unit AS u, SUM(pending_extension) AS pe, SUM(CASE WHEN ${taskReportOverdueSql()} THEN 1 ELSE 0 END) AS ro
     FROM ${TASK_LEDGER_TABLE} WHERE status IS NOT NULL AND lead_unit IN (SELECT value FROM json_each(?)) GROUP BY lead_unit`,
  ).all(nowMs, JSON.stringify(units)) as Array<{ u: string; pe: number; ro: number }>;
  return new Map(rows.map((r) => [r.u, { pendingExtensions: r.pe, reportOverdue: r.ro }]));
}

/**
 * Rolls a unit's tasks up at `nowMs`: the subtree comes from the units read model (`unitsDb`),
 * the counts per lead unit and status from the ledger's roll-up (`ledgerDb`, `task.rollup.ts`),
 * and the arithmetic from the domain's {@link rollUpTaskParts}, over the parts of every unit
 * together (never an average of averages), as are the lights. Pending extensions and overdue
 * reports come from the same roll-up; open instructions and urgings from `open` (per unit, of
 * what the reader may read), each added up over the subtree's units the reader may read.
 */
export function rollUpUnit(
  ledgerDb: Database.Database,
  unitsDb: Database.Database,
  code: string,
  nowMs: number,
  rule: TaskLightRule,
  scope?: LedgerScope,
  open: OpenSupervisionByUnit = {},
): UnitRollup {
  // A reader who may read some units only counts the tasks of those it reads (`canReadUnit`).
  const codes = unitSubtree(unitsDb, code).filter((c) => c === code || !scope || canReadUnit(scope, c));
  // From the ledger's roll-up (a few rows per unit); counted over the ledger's rows when it was computed with another window.
  const rolled = unitTalliesFromRollup(ledgerDb, codes, nowMs, rule);
  const parts = rolled ? new Map([...rolled].map(([u, t]) => [u, t.parts])) : rollUpLedgerParts(ledgerDb, 'lead_unit', codes, nowMs);
  const lights = rolled ? new Map([...rolled].map(([u, t]) => [u, t.byLight])) : countLightsBy(ledgerDb, 'lead_unit', codes, nowMs, rule);
  const waiting = rolled ?? countSupervisionBy(ledgerDb, codes, nowMs);
  const supervisionOf = (unit: string): UnitSupervision => ({
    pendingExtensions: waiting.get(unit)?.pendingExtensions ?? 0,
    openInstructions: open[unit]?.openInstructions ?? 0,
    openUrgings: open[unit]?.openUrgings ?? 0,
    reportOverdue: waiting.get(unit)?.reportOverdue ?? 0,
  });
  const subtreeLights = noLights();
  for (const byUnit of lights.values()) for (const l of TASK_LIGHTS) subtreeLights[l] += byUnit[l];
  const subtreeSupervision = supervisionOf(code);
  for (const unit of codes) {
    if (unit === code) continue;
    const s = supervisionOf(unit);
    for (const k of Object.keys(s) as Array<keyof UnitSupervision>) subtreeSupervision[k] += s[k];
  }
  return {
    unit: code,
    registered: isUnitRegistered(unitsDb, code),
    units: codes.length,
    own: { ...rollUpTaskParts(parts.get(code) ?? []), byLight: lights.get(code)!, ...supervisionOf(code) },
    subtree: { ...rollUpTaskParts([...parts.values()].flat()), byLight: subtreeLights, ...subtreeSupervision },
  };
}
