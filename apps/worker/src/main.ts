import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, PlatformModule, type AppConfig } from '#platform';
import { WorkerModule } from './worker.module.js';

@Module({})
class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerRootModule, imports: [PlatformModule.forRoot({ config, projections: [] }), WorkerModule.forRoot(config)] };
  }
}

/** Entry point of a standalone worker (`npm run start:worker`): no HTTP. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config));
  app.enableShutdownHooks();
}

void main();
