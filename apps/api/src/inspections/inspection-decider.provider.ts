import { inspectionDeciderFor } from '#domain';
import { deciderProvider, dueCalendarOf } from '../http/decider.provider.js';

/** Injection token of the inspection decider built from this deployment's policy. */
export const INSPECTION_DECIDER = Symbol('INSPECTION_DECIDER');

/** The inspection decider with `RECTIFICATION_EXTENSION_LIMITS` and `DISPLAY_TIMEZONE` as its policy, built once at boot. */
export const inspectionDeciderProvider = deciderProvider(INSPECTION_DECIDER, (config) =>
  inspectionDeciderFor({ extensionLimits: config.rectificationExtensionLimits, ...dueCalendarOf(config) }),
);
