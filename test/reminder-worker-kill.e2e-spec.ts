import { ProjectionsService } from '#platform';
import { Children, until, type Child } from './support/child-process.js';
import { workerRemindersSettled } from './support/queue-barrier.js';
import { startReminderApp, startWebhookReceiver, type ReminderApp } from './support/reminder-harness.js';

const SECRET = 'webhook-secret-0123456789';

/** Starts the standalone worker in a child process (it exits with this one) and resolves once it is up. */
async function startWorker(children: Children, env: Record<string, string>): Promise<Child> {
  const child = children.node('reminder worker', 'test/support/reminder-worker.child.ts', env);
  await until('the worker to be ready', async () => child.stdout().includes('ready'), 60_000, child);
  return child;
}

describe('a reminder worker SIGKILLed during delivery', () => {
  let t: ReminderApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const children = new Children();
  let firstHit: () => void;
  const hitOnce = new Promise<void>((r) => (firstHit = r));

  beforeAll(async () => {
    // The first POST is left hanging: the worker is mid-delivery when it is killed.
    receiver = await startWebhookReceiver(SECRET, (hit) => {
      if (hit.attempt === 1) {
        firstHit();
        return 'hang';
      }
      return 204;
    });
    // The API alone in this process; the worker runs in children sharing its store and queue.
    t = await startReminderApp(
      { NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_OFFSETS: '0', REMINDER_ESCALATE_MAX: '0' },
      { worker: false },
    );
  }, 120_000);
  afterAll(async () => {
    await children.killAll();
    await t.shutdown();
    await receiver.close();
  });

  // Two worker processes boot in this test: on a loaded machine that alone takes tens of seconds.
  it('retries the job in another worker and records ReminderSent once', async () => {
    const first = await startWorker(children, t.env);
    const { meetingId, itemId } = await t.addItem('hana', 300);
    await hitOnce;
    await children.kill(first);
    await startWorker(children, t.env);
    // The barrier, not a wait: the new worker's scheduler at the store's head, a sweep since, and
    // no job of the item still to run (the killed worker's job was taken over and finished); then
    // the API's read models at the head, so the inbox shows what was delivered.
    await workerRemindersSettled(
      { redisUrl: t.config.REDIS_URL, prefix: t.prefix, store: t.store, workerDataDirs: [t.dataDir], sweeps: 1 },
      (d) => d['itemId'] === itemId,
    );
    const head = await t.head();
    expect(head === null || (await t.app.get(ProjectionsService).waitForAll(head, 60_000))).toBe(true);
    const hits = receiver.hits.filter((h) => h.body.refs.itemId === itemId);
    expect(hits.map((h) => [h.id, h.answered])).toEqual([
      [hits[0]!.id, 0],
      [hits[0]!.id, 204],
    ]);
    const sent = (await t.events(meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === itemId);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.data as any).reminderKey).toBe(hits[0]!.id);
    expect(await t.inbox('hana')).toHaveLength(1);
  }, 240_000);
});
