import type Database from 'better-sqlite3';
import { rollUpTaskParts, type TaskRollup } from '#domain';
import { rollUpLedgerParts } from '../task-ledger/task-ledger.queries.js';
import { isUnitRegistered, unitSubtree } from './units.queries.js';

/** How a unit's own tasks and those of its whole subtree stand (`GET /units/:code/summary`). */
export interface UnitRollup {
  unit: string;
  /** `false` for a unit never registered: a top-level unit with no children. */
  registered: boolean;
  /** Units in the subtree, the unit itself included. */
  units: number;
  /** The tasks the unit leads itself. */
  own: TaskRollup;
  /** The tasks led by the unit or any unit below it. */
  subtree: TaskRollup;
}

/**
 * Rolls a unit's tasks up at `nowMs`: the subtree comes from the units read model (`unitsDb`),
 * the counts per lead unit and status from the ledger (`ledgerDb`, the overdue rule's own SQL
 * fragment), and the arithmetic from the domain's {@link rollUpTaskParts}, over the parts of
 * every unit together (never an average of averages).
 */
export function rollUpUnit(ledgerDb: Database.Database, unitsDb: Database.Database, code: string, nowMs: number): UnitRollup {
  const codes = unitSubtree(unitsDb, code);
  const parts = rollUpLedgerParts(ledgerDb, 'lead_unit', codes, nowMs);
  return {
    unit: code,
    registered: isUnitRegistered(unitsDb, code),
    units: codes.length,
    own: rollUpTaskParts(parts.get(code) ?? []),
    subtree: rollUpTaskParts([...parts.values()].flat()),
  };
}
