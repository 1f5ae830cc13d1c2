import type { Event } from '../shared/decider.js';
import type { UnitLevel } from './unit.commands.js';

/** A unit was registered; `parent` is `null` for a top-level unit. */
export type UnitRegistered = Event<
  'UnitRegistered',
  { code: string; name: string; level: UnitLevel; parent: string | null; registeredBy: string; registeredAt: string }
>;

/** A unit moved, with its subtree, from `previousParent` to `parent`. */
export type UnitMoved = Event<
  'UnitMoved',
  { code: string; previousParent: string | null; parent: string; movedBy: string; movedAt: string }
>;

/** Every event of a unit stream (`unit-<code>`). */
export type UnitEvent = UnitRegistered | UnitMoved;
