import { Children, until, type Child } from './support/child-process.js';
import { eventually, startReminderApp, startWebhookReceiver, type ReminderApp } from './support/reminder-harness.js';

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
  });
  afterAll(async () => {
    await children.killAll();
    await t.shutdown();
    await receiver.close();
  });

  it('retries the job in another worker and records ReminderSent once', async () => {
    const first = await startWorker(children, t.env);
    const { meetingId, itemId } = await t.addItem('hana', 300);
    await hitOnce;
    await children.kill(first);
    await startWorker(children, t.env);
    const hits = await eventually(async () => {
      const mine = receiver.hits.filter((h) => h.body.refs.itemId === itemId);
      return mine.some((h) => h.answered === 204) && mine;
    }, 20_000);
    expect(hits.map((h) => h.id)).toEqual([hits[0]!.id, hits[0]!.id]);
    const sent = (await t.events(meetingId, 'ReminderSent')).filter((e) => (e.data as any).itemId === itemId);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.data as any).reminderKey).toBe(hits[0]!.id);
    expect(await t.inbox('hana')).toHaveLength(1);
  });
});
