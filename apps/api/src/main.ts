import 'reflect-metadata';
import { ConfigError, loadConfig } from '#platform';
import { createApp } from './bootstrap.js';

/** Entry point: `npm start`. Validates the configuration first and stops with a clear message. */
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
  const extraImports = [];
  if (config.RUN_WORKER) {
    const { WorkerModule } = await import('../../worker/src/worker.module.js');
    extraImports.push(WorkerModule.forRoot(config));
  }
  const app = await createApp(config, { extraImports });
  await app.listen({ port: config.PORT, host: config.HOST });
}

void main();
