import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  boundShutdown,
  installProcessGuards,
  loadConfigOrExit,
  PlatformModule,
  ProcessManagersModule,
  ReminderWorkerModule,
  type AppConfig,
} from '#platform';

@Module({})
class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerRootModule,
      imports: [PlatformModule.forRoot({ config, projections: [] }), ReminderWorkerModule.forRoot(config), ProcessManagersModule],
    };
  }
}

/** Entry point of a standalone worker (`npm run start:worker`): no HTTP. */
async function main(): Promise<void> {
  // A rejection nobody handled is logged and counted, never the end of a serving process.
  installProcessGuards();
  boundShutdown(10_000);
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config));
  app.enableShutdownHooks();
}

main().catch((e: unknown) => {
  // Boot failed (the guard keeps a rejection from ending the process, so end it here).
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
