import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { EventStore } from '#event-store';
import { AppConfig, PlatformModule, ProcessManagersModule, type Clock } from '#platform';
import { AuthGuard } from './auth/auth.guard.js';
import { JwtVerifier } from './auth/jwt-verifier.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { CommandMetricsInterceptor } from './http/metrics.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RateLimitGuard } from './http/rate-limit.guard.js';
import { StrictValidationPipe } from './http/validation.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { apiProjections } from './projections.js';
import { FEATURE_MODULES } from './features.js';
import { DevTokenController, SignInController } from './sign-in/sign-in.controller.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Use this store instead of opening the configured one (tests). */
  eventStore?: EventStore;
  /** Extra modules, e.g. the in-process reminder worker. */
  extraImports?: ModuleMetadata['imports'];
  /** The server's "now" (default the system clock); end-to-end specs set it. */
  clock?: Clock;
}

/** The HTTP API: platform, cross-cutting HTTP conventions, and one module per capability. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          projections: apiProjections(config.taskLightRule, config.DISPLAY_TIMEZONE, config.assessmentRules),
          eventStore: options.eventStore,
          clock: options.clock,
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Tokens and cookies never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
            customProps: (req) => ({ correlationId: (req as { id?: unknown }).id }),
            quietReqLogger: true,
          },
        }),
        TerminusModule.forRoot({ logger: false }),
        MetricsModule,
        // Flows across aggregates (a dispatched child's registration, a cascading cancellation): routes wait for them.
        ProcessManagersModule,
        ...FEATURE_MODULES,
        ...(options.extraImports ?? []),
      ],
      // The development sign-in is not even routed where it must not exist (see AppConfig.devSignIn).
      controllers: [HealthController, MetricsController, SignInController, ...(config.devSignIn ? [DevTokenController] : [])],
      providers: [
        JwtVerifier,
        // Before the auth guard, so requests without a valid token are limited too (a no-op unless RATE_LIMIT is set).
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
