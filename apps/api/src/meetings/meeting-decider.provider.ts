import { meetingDeciderFor } from '#domain';
import { deciderProvider, dueCalendarOf } from '../http/decider.provider.js';

/** Injection token of the meeting decider reading item deadlines in this deployment's time zone. */
export const MEETING_DECIDER = Symbol('MEETING_DECIDER');

/** The meeting decider with `DISPLAY_TIMEZONE` as its calendar, built once at boot. */
export const meetingDeciderProvider = deciderProvider(MEETING_DECIDER, (config) => meetingDeciderFor(dueCalendarOf(config)));
