import type { UnitLevel } from './unit.commands.js';

/** A registered unit: API.md's unit resource without its ancestors and children (the tree is the read model's). */
export interface Unit {
  code: string;
  name: string;
  level: UnitLevel;
  /** The parent's code; `null` for a top-level unit. */
  parent: string | null;
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The folded stream: `null` until registered. */
export type UnitState = Unit | null;

/** The shape of a unit code: lower-case letters, digits and dashes, 2–60 characters. */
export const UNIT_CODE = /^[a-z0-9-]{2,60}$/;

/** `true` when `code` has the shape of a unit code. */
export function isUnitCode(code: string): boolean {
  return UNIT_CODE.test(code);
}

/**
 * `true` when `unit` lies strictly below `ancestor`, given the unit's ancestors nearest first.
 * A unit never registered has no ancestors, so nothing is above it: it is a top-level unit.
 */
export function isUnitBelow(ancestorsOfUnit: readonly string[], ancestor: string): boolean {
  return ancestorsOfUnit.includes(ancestor);
}
