import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, PlatformModule, ReminderWorkerModule, type AppConfig } from '#platform';

@Module({})
class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerRootModule, imports: [PlatformModule.forRoot({ config, projections: [] }), ReminderWorkerModule.forRoot(config)] };
  }
}

/** Entry point of a standalone worker (`npm run start:worker`): no HTTP. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config));
  app.enableShutdownHooks();
}

void main();
