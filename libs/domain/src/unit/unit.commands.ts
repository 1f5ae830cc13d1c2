import type { Command } from '../shared/decider.js';

/** The levels of the four-level linkage (四级联动), and the departments that sit at any of them. */
export const UNIT_LEVELS = ['city', 'district', 'street', 'community', 'department'] as const;
/** One unit level. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** `true` when the string is one of {@link UNIT_LEVELS}. */
export function isUnitLevel(value: string): value is UnitLevel {
  return (UNIT_LEVELS as readonly string[]).includes(value);
}

/**
 * Where a proposed parent stands, as the write path found it in the units read model: the
 * decider sees only its own stream, so the caller looks the tree up and the decider owns the
 * rules (a registered parent, never a cycle).
 */
export interface ParentFacts {
  /** Whether the parent is a registered unit. */
  parentRegistered: boolean;
  /** The parent's ancestors, nearest first (empty for a top-level parent or an unregistered one). */
  parentAncestors: readonly string[];
}

/** The office (or an administrator) registers a unit, optionally under a parent. */
export type RegisterUnit = Command<
  'RegisterUnit',
  {
    /** `[a-z0-9-]{2,60}`: the code tasks name in `leadUnit`. */
    code: string;
    name: string;
    level: UnitLevel;
    parent?: string;
  } & Partial<ParentFacts>
>;

/** The office (or an administrator) moves a unit, with its whole subtree, under another parent. */
export type MoveUnit = Command<'MoveUnit', { code: string; parent: string } & ParentFacts>;

/** Every command of the unit aggregate. */
export type UnitCommand = RegisterUnit | MoveUnit;
