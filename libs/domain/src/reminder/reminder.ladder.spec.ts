import { dropStale, planReminders, staleAfterMs, type ReminderPlanInput } from './reminder.ladder.js';

const H = 3_600_000;

describe('planReminders', () => {
  const input: ReminderPlanInput = {
    subjectId: 'i1',
    deadline: '2025-03-10T17:00:00+08:00',
    deadlineVersion: 3,
    owner: 'alice',
    escalateTo: ['office-1', 'office-2'],
    offsetsMs: [72 * H, 24 * H, 0],
    escalateEveryMs: 24 * H,
    escalateMax: 2,
  };

  it('plans before, due and overdue reminders in time order', () => {
    expect(planReminders(input)).toEqual([
      { key: 'item_i1_v3_before_0', kind: 'before', at: '2025-03-07T09:00:00.000Z', recipients: ['alice'] },
      { key: 'item_i1_v3_before_1', kind: 'before', at: '2025-03-09T09:00:00.000Z', recipients: ['alice'] },
      { key: 'item_i1_v3_due_0', kind: 'due', at: '2025-03-10T09:00:00.000Z', recipients: ['alice'] },
      { key: 'item_i1_v3_overdue_0', kind: 'overdue', at: '2025-03-11T09:00:00.000Z', recipients: ['alice', 'office-1', 'office-2'] },
      { key: 'item_i1_v3_overdue_1', kind: 'overdue', at: '2025-03-12T09:00:00.000Z', recipients: ['alice', 'office-1', 'office-2'] },
    ]);
  });

  it('is deterministic and its keys change with the deadline version', () => {
    expect(planReminders(input)).toEqual(planReminders(input));
    const keys = planReminders({ ...input, deadlineVersion: 4 }).map((r) => r.key);
    expect(keys.every((k) => k.includes('_v4_'))).toBe(true);
  });

  it('keeps keys free of colons and unique', () => {
    const plan = planReminders({ ...input, subjectId: 'urn:item:9', escalateMax: 5 });
    expect(plan.every((r) => !r.key.includes(':') && r.key.includes('urn-item-9'))).toBe(true);
    expect(new Set(plan.map((r) => r.key)).size).toBe(plan.length);
  });

  it('plans no due reminder without a 0 offset, and no escalation when disabled', () => {
    const plan = planReminders({ ...input, offsetsMs: [24 * H], escalateMax: 0 });
    expect(plan.map((r) => r.kind)).toEqual(['before']);
    expect(planReminders({ ...input, offsetsMs: [], escalateEveryMs: 0 })).toEqual([]);
  });

  it('does not repeat the owner among escalation recipients and honours the subject kind', () => {
    const [overdue] = planReminders({ ...input, subjectKind: 'matter', offsetsMs: [], escalateTo: ['alice', 'office-1'], escalateMax: 1 });
    expect(overdue).toMatchObject({ key: 'matter_i1_v3_overdue_0', recipients: ['alice', 'office-1'] });
  });

  it('refuses a bad deadline, version, offsets or escalation settings', () => {
    expect(() => planReminders({ ...input, deadline: 'tomorrow' })).toThrow('"tomorrow"');
    expect(() => planReminders({ ...input, deadlineVersion: 0 })).toThrow('deadlineVersion');
    expect(() => planReminders({ ...input, offsetsMs: [-1] })).toThrow('offset');
    expect(() => planReminders({ ...input, escalateEveryMs: -5 })).toThrow('interval');
    expect(() => planReminders({ ...input, escalateMax: 1.5 })).toThrow('count');
  });
});

describe('planReminders for a date-only deadline', () => {
  // "2025-03-10" given as a date: due at its end (23:59:59.999 Beijing time), reminded by day.
  const dated: ReminderPlanInput = {
    subjectId: 'i1',
    deadline: '2025-03-10T15:59:59.999Z',
    deadlineDate: '2025-03-10',
    dueDay: { timeZone: 'Asia/Shanghai', at: '09:00' },
    deadlineVersion: 1,
    owner: 'alice',
    escalateTo: ['office-1'],
    offsetsMs: [72 * H, 24 * H, 0],
    escalateEveryMs: 24 * H,
    escalateMax: 2,
  };

  it('sends the due reminder at 09:00 Beijing time that day, before reminders by whole days, escalations from 09:00 the next day', () => {
    expect(planReminders(dated).map((r) => [r.kind, r.at])).toEqual([
      ['before', '2025-03-07T01:00:00.000Z'],
      ['before', '2025-03-09T01:00:00.000Z'],
      ['due', '2025-03-10T01:00:00.000Z'],
      ['overdue', '2025-03-11T01:00:00.000Z'],
      ['overdue', '2025-03-12T01:00:00.000Z'],
    ]);
  });

  it('follows the configured hour and the time zone', () => {
    const due = (over: Partial<ReminderPlanInput>) => planReminders({ ...dated, ...over }).find((r) => r.kind === 'due')?.at;
    expect(due({ dueDay: { timeZone: 'Asia/Shanghai', at: '14:30' } })).toBe('2025-03-10T06:30:00.000Z');
    expect(due({ deadline: '2025-03-10T23:59:59.999Z', dueDay: { timeZone: 'UTC', at: '09:00' } })).toBe('2025-03-10T09:00:00.000Z');
  });

  it('escalates only once the day is over, whatever the interval', () => {
    const hourly = planReminders({ ...dated, escalateEveryMs: H, escalateMax: 2 }).filter((r) => r.kind === 'overdue');
    expect(hourly.map((r) => r.at)).toEqual(['2025-03-11T01:00:00.000Z', '2025-03-11T02:00:00.000Z']);
    expect(hourly.every((r) => Date.parse(r.at) > Date.parse(dated.deadline))).toBe(true);
  });

  it('keeps the keys of the instant plan (same kinds and indexes) and needs the reminder time', () => {
    expect(planReminders(dated).map((r) => r.key)).toEqual(planReminders({ ...dated, deadlineDate: null }).map((r) => r.key));
    expect(() => planReminders({ ...dated, dueDay: undefined })).toThrow('due-day reminder time');
  });

  it('a deadline given as an instant is reminded at the instant, as before', () => {
    const at = planReminders({ ...dated, deadlineDate: null }).find((r) => r.kind === 'due')?.at;
    expect(at).toBe('2025-03-10T15:59:59.999Z');
  });
});

describe('dropStale', () => {
  const now = 10 * H;
  const at = (...hours: number[]) => hours.map((h) => ({ atMs: h * H }));

  it('keeps every reminder when at most one is due', () => {
    expect(dropStale(at(9, 11, 12), now, H / 2)).toEqual(at(9, 11, 12));
  });

  it('drops due reminders older than the grace when a later one is due too, never future ones', () => {
    expect(dropStale(at(2, 5, 9.8, 9.9, 11), now, H / 2)).toEqual(at(9.8, 9.9, 11));
  });

  it('waits at least two sweeps, and at least a minute', () => {
    expect(staleAfterMs(5 * 60_000)).toBe(10 * 60_000);
    expect(staleAfterMs(1_000)).toBe(60_000);
  });
});
