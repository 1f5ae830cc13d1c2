/*
 * Imported first by every child-process fixture of the specs: the child exits when the process
 * that started it is gone, so a failed or killed test run (a Jest worker SIGKILLed on timeout,
 * Ctrl-C) leaves no orphan API, worker or store writer behind.
 */

/**
 * Exits when the parent dies: the IPC channel (children are spawned with one by
 * `spawnChild`) closes with the parent, whatever killed it; without a channel, the parent
 * id changing (re-parented to init or a sub-reaper) says the same, checked every 500 ms.
 */
export function exitWithParent(): void {
  // The spawner passes its pid: an ES module graph takes seconds to load before this runs, and a
  // parent that died meanwhile has already closed the channel and handed this process to init.
  const parent = Number(process.env['SPEC_PARENT_PID'] ?? process.ppid);
  const orphaned = () => process.ppid !== parent || (process.channel !== undefined && !process.connected);
  if (orphaned()) process.exit(70);
  if (process.channel) {
    process.on('disconnect', () => process.exit(70));
    // The channel alone must not keep a child alive that has nothing else to do.
    process.channel.unref();
  }
  setInterval(() => {
    if (orphaned()) process.exit(70);
  }, 500).unref();
}

exitWithParent();
