import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { CommandFacts, type Projection } from '#read-models';
import { AppConfig } from './config/app.config.js';
import { Clock } from './clock.js';
import { BusCommandSender, DecideCommandHandler } from './command/decide-command.js';
import { createEventStore } from './event-store/event-store.factory.js';
import { ProjectionsService } from './projections/projections.service.js';
import { Translator } from './i18n/translator.js';
import { createRedis, watchRedis } from './redis/redis.factory.js';
import { createFileStore } from './files/file-store.factory.js';
import { EVENT_STORE, FILE_STORE, PROJECTIONS, REDIS } from './tokens.js';

/**
 * Says at boot what the configuration warned about, and in one line whenever Redis cannot be
 * reached; closes what the platform opened, after every consumer has shut down.
 */
class PlatformLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  private unwatchRedis: (() => void) | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Redis absent at boot is the same as Redis lost later: the process serves, degraded.
    this.unwatchRedis = watchRedis(this.redis, this.config.REDIS_URL, this.logger);
    for (const warning of this.config.warnings) this.logger.warn(warning);
    const signer = this.config.digestSigner;
    // The public half only: which key, never the key.
    if (signer) this.logger.log(`Audit digests are signed (${signer.signatureAlg}, key ${signer.keyId})`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.unwatchRedis?.();
    await this.store.close();
    this.redis.disconnect();
  }
}

export interface PlatformOptions {
  config: AppConfig;
  /** Read-model projections this process runs and queries. */
  projections: Projection[];
  /** An already-open store to use instead of opening one from the configuration (tests, benchmarks). */
  eventStore?: EventStore;
  /** The server's "now" (default the system clock); specs set it. */
  clock?: Clock;
}

/**
 * Everything a process of this product shares: configuration, the event store, Redis, the
 * command bus with the one command path, the projections, and the words (the {@link Translator}).
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new Clock() },
        {
          provide: EVENT_STORE,
          useFactory: () => options.eventStore ?? createEventStore(options.config),
        },
        { provide: REDIS, useFactory: () => createRedis(options.config.REDIS_URL) },
        { provide: FILE_STORE, useFactory: () => createFileStore(options.config) },
        { provide: PROJECTIONS, useValue: options.projections },
        { provide: Translator, useValue: new Translator(options.config.DEFAULT_LOCALE, options.config.DISPLAY_TIMEZONE) },
        ProjectionsService,
        // What a command is told of other aggregates, read from their own streams.
        { provide: CommandFacts, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CommandFacts(store) },
        DecideCommandHandler,
        BusCommandSender,
        PlatformLifecycle,
      ],
      exports: [
        AppConfig,
        Clock,
        EVENT_STORE,
        REDIS,
        FILE_STORE,
        PROJECTIONS,
        ProjectionsService,
        CommandFacts,
        BusCommandSender,
        Translator,
        CqrsModule,
      ],
    };
  }
}
