import { dayOf, deadlineLight, formatDue, formatInstant, lightKey, matterProgress, timeLeft } from './format.js';

describe('console formatters', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');

  it('shows instants in Beijing time as YYYY-MM-DD HH:mm, and a date-only due as its day', () => {
    expect(formatInstant('2026-12-07T16:30:00Z')).toBe('2026-12-08 00:30');
    expect(formatInstant('2026-12-07T16:30:00Z', 'UTC')).toBe('2026-12-07 16:30');
    expect(formatInstant(null)).toBe('');
    expect(formatDue('2026-12-31T15:59:59.999Z', '2026-12-31')).toBe('2026-12-31');
    expect(formatDue('2026-12-31T15:59:59.999Z', null)).toBe('2026-12-31 23:59');
    expect(dayOf(Date.parse('2026-12-06T17:00:00Z'))).toBe('2026-12-07');
  });

  it('tells the time left in its largest unit, and how long ago a deadline passed', () => {
    expect(timeLeft('2026-12-10T02:00:00Z', now)).toEqual({ overdue: false, unit: 'days', n: 3 });
    expect(timeLeft('2026-12-07T07:30:00Z', now)).toEqual({ overdue: false, unit: 'hours', n: 5 });
    expect(timeLeft('2026-12-07T02:00:20Z', now)).toEqual({ overdue: false, unit: 'minutes', n: 1 });
    expect(timeLeft('2026-12-05T01:00:00Z', now)).toEqual({ overdue: true, unit: 'days', n: 2 });
    expect(timeLeft(null, now)).toBeNull();
  });

  it('lights a deadline red once past, yellow within the window, green before, none when finished', () => {
    expect(deadlineLight('2026-12-06T00:00:00Z', now, true)).toBe('red');
    expect(deadlineLight('2026-12-09T00:00:00Z', now, true)).toBe('yellow');
    expect(deadlineLight('2027-01-09T00:00:00Z', now, true)).toBe('green');
    expect(deadlineLight('2026-12-06T00:00:00Z', now, false)).toBeNull();
    expect(deadlineLight(null, now, true)).toBeNull();
    expect([lightKey('red'), lightKey('yellow'), lightKey('green'), lightKey(null)]).toEqual([
      'light.red',
      'light.yellow',
      'light.green',
      'light.none',
    ]);
  });

  it('counts a matter’s progress against what its mode needs, leaving out handed-over signers', () => {
    const s = (...states: Array<'waiting' | 'pending' | 'approved' | 'rejected' | 'delegated'>) => states.map((state) => ({ state }));
    expect(matterProgress({ mode: 'all', quorum: null, signers: s('approved', 'approved', 'approved', 'pending', 'pending') })).toEqual({
      approved: 3,
      needed: 5,
      signed: 3,
      total: 5,
    });
    expect(matterProgress({ mode: 'any', quorum: null, signers: s('rejected', 'pending') })).toMatchObject({
      approved: 0,
      needed: 1,
      signed: 1,
    });
    expect(matterProgress({ mode: 'quorum', quorum: 2, signers: s('approved', 'pending', 'pending') })).toMatchObject({
      approved: 1,
      needed: 2,
    });
    expect(matterProgress({ mode: 'sequential', quorum: null, signers: s('delegated', 'approved', 'waiting') })).toMatchObject({
      approved: 1,
      needed: 2,
      total: 2,
    });
  });
});
