import { matterDeciderFor } from '#domain';
import { deciderProvider, dueCalendarOf } from '../http/decider.provider.js';

/** Injection token of the matter decider reading deadlines in this deployment's time zone. */
export const MATTER_DECIDER = Symbol('MATTER_DECIDER');

/** The matter decider with `DISPLAY_TIMEZONE` as its calendar, built once at boot. */
export const matterDeciderProvider = deciderProvider(MATTER_DECIDER, (config) => matterDeciderFor(dueCalendarOf(config)));
