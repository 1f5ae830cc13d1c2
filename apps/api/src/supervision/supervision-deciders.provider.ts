import { instructionDeciderFor, urgingDeciderFor } from '#domain';
import { deciderProvider, dueCalendarOf } from '../http/decider.provider.js';

/** Injection token of the urging decider built from this deployment's calendar. */
export const URGING_DECIDER = Symbol('URGING_DECIDER');
/** Injection token of the instruction decider built from this deployment's calendar. */
export const INSTRUCTION_DECIDER = Symbol('INSTRUCTION_DECIDER');

/** The urging decider reading `replyBy` and the number's year in `DISPLAY_TIMEZONE`. */
export const urgingDeciderProvider = deciderProvider(URGING_DECIDER, (config) => urgingDeciderFor(dueCalendarOf(config)));
/** The instruction decider reading `respondBy` in `DISPLAY_TIMEZONE`. */
export const instructionDeciderProvider = deciderProvider(INSTRUCTION_DECIDER, (config) => instructionDeciderFor(dueCalendarOf(config)));
