/*
 * A standalone reminder worker for the kill tests: the real ReminderWorkerModule in its own process,
 * on the data directory and queue prefix the parent passes in the environment. It exits when its
 * parent dies (a failed run used to leave these workers running).
 */
import './exit-with-parent.js';
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { installProcessGuards, loadConfig, PlatformModule, ReminderWorkerModule, type AppConfig } from '#platform';
import { FAST_WORKER } from './reminder-harness.js';

@Module({})
class ChildRoot {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ChildRoot,
      imports: [PlatformModule.forRoot({ config, projections: [] }), ReminderWorkerModule.forRoot(config, FAST_WORKER)],
    };
  }
}

// As the product's worker entry point: a rejection nobody handled is logged (the specs look for it).
installProcessGuards();
// CHILD_LOG=warn also shows warnings (a spec that reads the Redis line).
const app = await NestFactory.createApplicationContext(ChildRoot.forRoot(loadConfig(process.env)), {
  logger: process.env['CHILD_LOG'] === 'warn' ? ['error', 'warn'] : ['error'],
});
app.enableShutdownHooks();
process.stdout.write('ready\n');
