/*
 * A child fixture exits when the process that started it dies, however it died: a failed or
 * timed-out run used to leave reminder-worker children running. The parent here is SIGKILLed
 * (no cleanup code of its own runs) and setpriv's death signal is off, so the fixture's own
 * watch of its IPC channel is what must end it.
 */
import { Children, until } from '../support/child-process.js';
import { FULL } from '../support/fault-checks.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('child fixtures', () => {
  const children = new Children();
  afterAll(() => children.killAll());

  // The reduced run keeps the fixture of the known defect and the quickest one to boot.
  const fixtures = [
    'test/support/reminder-worker.child.ts',
    'test/support/esdb-double.child.ts',
    ...(FULL ? ['test/support/api.child.ts'] : []),
  ];

  it.each(fixtures)(
    '%s exits when its parent is SIGKILLed',
    async (script) => {
      const parent = children.node('parent', 'test/support/orphan-parent.child.ts', { CHILD_NO_SETPRIV: '1' }, [script]);
      const pid = Number(
        await until('the fixture pid', async () => /^\d+\n/.test(parent.stdout()) && parent.stdout().trim(), 30_000, parent),
      );
      expect(alive(pid)).toBe(true);
      await children.kill(parent);
      await until(`fixture ${pid} to exit`, async () => !alive(pid), 15_000);
      expect(alive(pid)).toBe(false);
    },
    60_000,
  );
});
