import 'reflect-metadata';
import { loadConfigOrExit, ReminderWorkerModule } from '#platform';
import { createApp } from './bootstrap.js';

/** Entry point: `npm start`. Validates the configuration first and stops with a clear message. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The embedded default runs the reminder worker in this process; `npm run start:worker` runs it alone.
  const extraImports = config.RUN_WORKER ? [ReminderWorkerModule.forRoot(config)] : [];
  const app = await createApp(config, { extraImports });
  await app.listen({ port: config.PORT, host: config.HOST });
}

void main();
