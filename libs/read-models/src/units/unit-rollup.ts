import type Database from 'better-sqlite3';
import { canReadUnit, rollUpTaskParts, TASK_LIGHTS, type LedgerScope, type TaskLight, type TaskLightRule, type TaskRollup } from '#domain';
import { countLightsBy, noLights, rollUpLedgerParts } from '../task-ledger/ledger-rollup.queries.js';
import { unitTalliesFromRollup } from '../task-ledger/task-rollup.js';
import { isUnitRegistered, unitSubtree } from './units.queries.js';

/** A roll-up of a unit's tasks with the count of each light (accepted and cancelled tasks have none). */
export type UnitTaskRollup = TaskRollup & { byLight: Record<TaskLight, number> };

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

/**
 * Rolls a unit's tasks up at `nowMs`: the subtree comes from the units read model (`unitsDb`),
 * the counts per lead unit and status from the ledger's roll-up (`ledgerDb`, `task-rollup.ts`),
 * and the arithmetic from the domain's {@link rollUpTaskParts}, over the parts of every unit
 * together (never an average of averages), as are the lights.
 */
export function rollUpUnit(
  ledgerDb: Database.Database,
  unitsDb: Database.Database,
  code: string,
  nowMs: number,
  rule: TaskLightRule,
  scope?: LedgerScope,
): UnitRollup {
  // A reader who may read some units only counts the tasks of those it reads (`canReadUnit`).
  const codes = unitSubtree(unitsDb, code).filter((c) => c === code || !scope || canReadUnit(scope, c));
  // From the ledger's roll-up (a few rows per unit); counted over the ledger's rows when it was computed with another window.
  const rolled = unitTalliesFromRollup(ledgerDb, codes, nowMs, rule);
  const parts = rolled ? new Map([...rolled].map(([u, t]) => [u, t.parts])) : rollUpLedgerParts(ledgerDb, 'lead_unit', codes, nowMs);
  const lights = rolled ? new Map([...rolled].map(([u, t]) => [u, t.byLight])) : countLightsBy(ledgerDb, 'lead_unit', codes, nowMs, rule);
  const subtreeLights = noLights();
  for (const byUnit of lights.values()) for (const l of TASK_LIGHTS) subtreeLights[l] += byUnit[l];
  return {
    unit: code,
    registered: isUnitRegistered(unitsDb, code),
    units: codes.length,
    own: { ...rollUpTaskParts(parts.get(code) ?? []), byLight: lights.get(code)! },
    subtree: { ...rollUpTaskParts([...parts.values()].flat()), byLight: subtreeLights },
  };
}
