import type { Event } from '../shared/decider.js';

/** A special group was registered with its lead, deputies and member units. */
export type SpecialGroupRegistered = Event<
  'SpecialGroupRegistered',
  { code: string; name: string; lead: string; deputies: string[]; memberUnits: string[]; registeredBy: string; registeredAt: string }
>;

/**
 * Members, lead or deputies changed. `added`/`removed` are the units that actually changed;
 * `lead` and `deputies` are the values after the change (the same as before when not asked to change).
 */
export type SpecialGroupMembersChanged = Event<
  'SpecialGroupMembersChanged',
  { code: string; added: string[]; removed: string[]; lead: string; deputies: string[]; changedBy: string; changedAt: string }
>;

/** Every event of a special group stream (`group-<code>`). */
export type SpecialGroupEvent = SpecialGroupRegistered | SpecialGroupMembersChanged;
