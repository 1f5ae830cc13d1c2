import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, startReminderApp, startWebhookReceiver, type ReminderApp } from './support/reminder-harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'webhook-secret-0123456789';

/** Starts the standalone worker in a child process and resolves once it is up. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', './scripts/ts-node/register.mjs', 'test/support/reminder-worker.child.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
  });
}

describe('a reminder worker SIGKILLed during delivery', () => {
  let t: ReminderApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const children: ChildProcess[] = [];
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
    t = await startReminderApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_OFFSETS: '0', REMINDER_ESCALATE_MAX: '0' }, { worker: false });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t.shutdown();
    await receiver.close();
  });

  it('retries the job in another worker and records ReminderSent once', async () => {
    const first = await startWorker(t.env);
    children.push(first);
    const { meetingId, itemId } = await t.addItem('hana', 300);
    await hitOnce;
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    children.push(await startWorker(t.env));
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
