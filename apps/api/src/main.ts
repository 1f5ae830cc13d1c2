import 'reflect-metadata';
import { boundShutdown, installProcessGuards, loadConfigOrExit, ReminderWorkerModule } from '#platform';
import { createApp } from './bootstrap.js';

/** Entry point: `npm start`. Validates the configuration first and stops with a clear message. */
async function main(): Promise<void> {
  // A rejection nobody handled is logged and counted, never the end of a serving process.
  installProcessGuards();
  boundShutdown(10_000);
  const config = loadConfigOrExit();
  // The embedded default runs the reminder worker in this process; `npm run start:worker` runs it alone.
  const extraImports = config.RUN_WORKER ? [ReminderWorkerModule.forRoot(config)] : [];
  const app = await createApp(config, { extraImports });
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((e: unknown) => {
  // Boot failed (the guard keeps a rejection from ending the process, so end it here).
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
