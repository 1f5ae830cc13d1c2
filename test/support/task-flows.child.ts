/*
 * The task flows run by a script, for the fault spec: the process manager of libs/read-models on
 * the embedded store and checkpoint file in DATA_DIR, sending its commands through the command
 * path as the admin CLI does. With KILL_AFTER_SENDS=n it SIGKILLs itself as soon as its n-th
 * command is appended: between two steps of a flow, before the checkpoint moves past the event
 * that started it. Prints `ready` once it follows the store.
 */
import './exit-with-parent.js';
import path from 'node:path';
import { taskDeciderFor } from '#domain';
import { SqliteEventStore, storeCommandSender, type CommandSender } from '#event-store';
import { ProcessManager, taskFlows } from '#read-models';

const dir = process.env['DATA_DIR']!;
const killAfter = Number(process.env['KILL_AFTER_SENDS'] ?? 0);
const store = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), pollIntervalMs: 10 });
const direct = storeCommandSender(store);
let sends = 0;
const sender: CommandSender = {
  async send(stream, decider, command, options) {
    const outcome = await direct.send(stream, decider, command, options);
    if (killAfter > 0 && ++sends >= killAfter) process.kill(process.pid, 'SIGKILL');
    return outcome;
  },
};
const decider = taskDeciderFor({ timeZone: 'Asia/Shanghai' });
const manager = new ProcessManager({
  name: 'process-managers',
  store,
  file: path.join(dir, 'process-managers.sqlite'),
  reactions: taskFlows({ store, sender, decider }),
  retryAfterMs: 50,
});
await manager.start();
process.stdout.write('ready\n');
