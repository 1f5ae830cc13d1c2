import { taskDeciderOf } from '#platform';
import { deciderProvider } from '../http/decider.provider.js';

/** Injection token of the task decider reading dates in this deployment's time zone. */
export const TASK_DECIDER = Symbol('TASK_DECIDER');

/** The task decider with `DISPLAY_TIMEZONE` as its calendar and `ACK_WINDOW` as its policy, built once at boot (as the flows build it). */
export const taskDeciderProvider = deciderProvider(TASK_DECIDER, taskDeciderOf);
