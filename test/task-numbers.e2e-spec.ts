import { jest } from '@jest/globals';
import { EsdbDouble } from './esdb-double/esdb-double.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Ledger numbers (台账编号): tasks registered at once get the year's numbers with no gap and no
// repeat (the yearly sequence stream decides them, as for urgings), on the embedded store and on
// the EventStoreDB adapter against its gRPC double; a sub-task is its parent's number and place.

const CONCURRENT = 30;
// Every losing writer re-reads the year's stream and tries again (nothing here is timed).
jest.setTimeout(240_000);

const body = (title: string) => ({
  title,
  area: 'government_services',
  specialGroup: 'sg-numbers',
  leadUnit: 'unit-a',
  responsible: '张三',
  evaluationStandard: '可办',
  deadline: '2099-12-31',
});

async function registerConcurrently(t: TestApp): Promise<string[]> {
  await registerSpecialGroups(t, ['sg-numbers']);
  const office = await t.token('office-1', ['reform_office']);
  const answers = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => t.request('POST', '/tasks', { token: office, body: body(`任务${i + 1}`) })),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(CONCURRENT).fill(201));
  // The number is recorded on the registration itself: the first ETag is still the stream's first revision.
  expect(answers.map((a) => a.headers['etag'])).toEqual(Array(CONCURRENT).fill('"0"'));
  return answers.map((a) => a.body.number as string);
}

function expectGapFree(numbers: string[]): void {
  const year = numbers[0]!.slice(0, 4);
  expect([...numbers].sort()).toEqual(Array.from({ length: CONCURRENT }, (_, i) => `${year}-${String(i + 1).padStart(4, '0')}`));
}

describe('ledger numbers', () => {
  it(`${CONCURRENT} concurrent registrations get numbers 1..${CONCURRENT} (embedded store); lists, q, sub-tasks show them`, async () => {
    const t = await startTestApp();
    try {
      const numbers = await registerConcurrently(t);
      expectGapFree(numbers);
      const office = await t.token('office-1', ['reform_office']);
      const year = numbers[0]!.slice(0, 4);

      const listed = await t.request('GET', '/tasks?limit=100', { token: office });
      expect((listed.body.items as Array<{ number: string }>).map((i) => i.number).sort()).toEqual([...numbers].sort());

      // The parent's number and each child's place among its dispatches.
      const parent = (listed.body.items as Array<{ id: string; number: string }>).find((i) => i.number === `${year}-0002`)!;
      const child = (n: number) =>
        t.request('POST', `/tasks/${parent.id}/subtasks`, {
          token: office,
          body: { leadUnit: `unit-${n}`, responsible: '李四', deadline: '2099-06-30' },
        });
      const first = await child(1);
      const second = await child(2);
      expect([first.status, first.body.number, second.body.number]).toEqual([201, `${year}-0002-01`, `${year}-0002-02`]);

      // q finds the task by its number, and its sub-tasks, whose numbers start with it.
      const found = await t.request('GET', `/tasks?q=${year}-0002`, { token: office });
      expect((found.body.items as Array<{ number: string }>).map((i) => i.number).sort()).toEqual([
        `${year}-0002`,
        `${year}-0002-01`,
        `${year}-0002-02`,
      ]);
      expect((await t.request('GET', `/tasks/${parent.id}`, { token: office })).body.number).toBe(`${year}-0002`);

      // A repeated request (same Idempotency-Key) gets the same task and number back; a refused one takes none.
      const key = { 'idempotency-key': 'numbers-repeat-1' };
      const once = await t.request('POST', '/tasks', { token: office, body: body('重复'), headers: key });
      const again = await t.request('POST', '/tasks', { token: office, body: body('重复'), headers: key });
      expect([once.body.number, again.body.id]).toEqual([`${year}-${String(CONCURRENT + 1).padStart(4, '0')}`, once.body.id]);
      expect((await t.request('POST', '/tasks', { token: office, body: { ...body('无专项组'), specialGroup: 'nobody' } })).status).toBe(
        400,
      );
      const next = await t.request('POST', '/tasks', { token: office, body: body('下一个') });
      expect(next.body.number).toBe(`${year}-${String(CONCURRENT + 2).padStart(4, '0')}`);
    } finally {
      await t.close();
    }
  });

  it(`${CONCURRENT} concurrent registrations get 1..${CONCURRENT} on the EventStoreDB adapter (gRPC double)`, async () => {
    const double = new EsdbDouble();
    const { connectionString } = await double.start();
    const t = await startTestApp({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: connectionString });
    try {
      expectGapFree(await registerConcurrently(t));
    } finally {
      await t.close();
      await double.stop();
    }
  });
});
