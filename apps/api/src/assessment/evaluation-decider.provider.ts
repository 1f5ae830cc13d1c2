import { evaluationDeciderFor } from '#domain';
import { deciderProvider, dueCalendarOf } from '../http/decider.provider.js';

/** Injection token of the evaluation decider reading due dates in this deployment's time zone. */
export const EVALUATION_DECIDER = Symbol('EVALUATION_DECIDER');

/** The evaluation decider with `DISPLAY_TIMEZONE` as its calendar, built once at boot. */
export const evaluationDeciderProvider = deciderProvider(EVALUATION_DECIDER, (config) => evaluationDeciderFor(dueCalendarOf(config)));
