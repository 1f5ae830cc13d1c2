import 'reflect-metadata';
import { loadConfigOrExit } from '#platform';
import { createApp } from './bootstrap.js';

/** Entry point: `npm start`. Validates the configuration first and stops with a clear message. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const extraImports = [];
  if (config.RUN_WORKER) {
    const { WorkerModule } = await import('../../worker/src/worker.module.js');
    extraImports.push(WorkerModule.forRoot(config));
  }
  const app = await createApp(config, { extraImports });
  await app.listen({ port: config.PORT, host: config.HOST });
}

void main();
