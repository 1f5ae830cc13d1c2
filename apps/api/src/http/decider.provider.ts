import type { Provider } from '@nestjs/common';
import type { DueCalendar } from '#domain';
import { AppConfig } from '#platform';

/** The calendar this deployment reads due dates in: days of `DISPLAY_TIMEZONE`. */
export function dueCalendarOf(config: AppConfig): DueCalendar {
  return { timeZone: config.DISPLAY_TIMEZONE };
}

/**
 * A decider built once at boot from the configuration, under `token`: settings a rule depends on
 * (the display time zone, extension limits) are the decider's dependencies, never a command's.
 */
export function deciderProvider(token: symbol, build: (config: AppConfig) => unknown): Provider {
  return { provide: token, inject: [AppConfig], useFactory: build };
}
