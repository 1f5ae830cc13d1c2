import type { Provider } from '@nestjs/common';
import { inspectionDeciderFor } from '#domain';
import { AppConfig } from '#platform';

/** Injection token of the inspection decider built from this deployment's policy. */
export const INSPECTION_DECIDER = Symbol('INSPECTION_DECIDER');

/** The inspection decider with `RECTIFICATION_EXTENSION_LIMITS` as its policy, built once at boot. */
export const inspectionDeciderProvider: Provider = {
  provide: INSPECTION_DECIDER,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => inspectionDeciderFor({ extensionLimits: config.rectificationExtensionLimits }),
};
