import { DomainError } from './domain-error.js';
import {
  calendarDateIn,
  dueReminderMs,
  formatDue,
  formatInstant,
  isDueText,
  isTimeOfDay,
  parseDue,
  requireDue,
  zonedInstantMs,
} from './due.js';
import { isPastDeadline } from './time.js';

const SH = 'Asia/Shanghai';

describe('parseDue: what a deadline or due date means', () => {
  it('a calendar date is the end of that day (23:59:59.999) in the time zone, and keeps the date', () => {
    expect(parseDue('2026-12-31', SH)).toEqual({ at: '2026-12-31T15:59:59.999Z', date: '2026-12-31' });
    expect(parseDue('2026-12-31', 'UTC')).toEqual({ at: '2026-12-31T23:59:59.999Z', date: '2026-12-31' });
    expect(parseDue('2024-02-29', SH)).toEqual({ at: '2024-02-29T15:59:59.999Z', date: '2024-02-29' });
  });

  it('a date-time with an offset keeps its exact meaning and has no date', () => {
    expect(parseDue('2026-11-27T00:00:00+08:00', SH)).toEqual({ at: '2026-11-26T16:00:00.000Z', date: null });
    expect(parseDue('2026-12-31T18:00Z', SH)).toEqual({ at: '2026-12-31T18:00:00.000Z', date: null });
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['29 February of a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['a Chinese date', '2026年12月31日'],
    ['a date-time without an offset', '2026-12-31T18:00:00'],
    ['a time of day that does not exist', '2026-12-31T24:30:00+08:00'],
    ['a short year', '26-12-31'],
    ['a slash date', '2026/12/31'],
    ['blank', ''],
    ['not text', 20261231],
  ])('refuses %s', (_what, value) => {
    expect(parseDue(value, SH)).toBeNull();
    expect(isDueText(value)).toBe(false);
  });

  it('follows the zone: a date in New York ends at 04:59:59.999Z in winter and 03:59:59.999Z in summer', () => {
    expect(parseDue('2026-01-15', 'America/New_York')?.at).toBe('2026-01-16T04:59:59.999Z');
    expect(parseDue('2026-07-15', 'America/New_York')?.at).toBe('2026-07-16T03:59:59.999Z');
    // The day daylight saving starts (02:00 skipped) still ends at its own 23:59:59.999 EDT.
    expect(parseDue('2026-03-08', 'America/New_York')?.at).toBe('2026-03-09T03:59:59.999Z');
  });

  it('a date-only deadline of today is not past until 00:00 the next day in Beijing', () => {
    const { at } = parseDue('2026-11-27', SH)!;
    expect(isPastDeadline(at, '2026-11-27T10:00:00+08:00')).toBe(false);
    expect(isPastDeadline(at, '2026-11-27T23:59:59.999+08:00')).toBe(false);
    expect(isPastDeadline(at, '2026-11-28T00:00:00+08:00')).toBe(true);
  });
});

describe('requireDue', () => {
  it('answers the due value, or refuses with the code naming the field', () => {
    expect(requireDue('2026-12-31', 'deadline', 'X.INVALID_DATE', { timeZone: SH })).toEqual({
      at: '2026-12-31T15:59:59.999Z',
      date: '2026-12-31',
    });
    let error: unknown;
    try {
      requireDue('2026-02-30', 'milestones[0].due', 'X.INVALID_DATE', { timeZone: SH });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'X.INVALID_DATE', kind: 'invalid', path: 'milestones[0].due' });
  });
});

describe('the wall clock of a zone', () => {
  it('zonedInstantMs and calendarDateIn agree with Beijing time (UTC+8)', () => {
    expect(new Date(zonedInstantMs('2026-11-27', SH, { hour: 9, minute: 0 })).toISOString()).toBe('2026-11-27T01:00:00.000Z');
    expect(new Date(zonedInstantMs('2026-01-01', SH, { hour: 0, minute: 0 })).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(calendarDateIn('2026-11-27T16:00:00.000Z', SH)).toBe('2026-11-28');
    expect(calendarDateIn('2026-11-27T15:59:59.999Z', SH)).toBe('2026-11-27');
  });

  it('reads HH:mm times of day only', () => {
    expect(['09:00', '00:00', '23:59'].every(isTimeOfDay)).toBe(true);
    expect(['9:00', '24:00', '09:60', '0900', ''].some(isTimeOfDay)).toBe(false);
  });
});

describe('dueReminderMs: when the due reminder goes out', () => {
  const nineInBeijing = { timeZone: SH, at: '09:00' };

  it('for a date-only deadline, at the configured time on that day in the time zone', () => {
    const due = parseDue('2026-12-31', SH)!;
    expect(new Date(dueReminderMs(due, nineInBeijing)).toISOString()).toBe('2026-12-31T01:00:00.000Z');
    expect(new Date(dueReminderMs(due, { timeZone: SH, at: '14:30' })).toISOString()).toBe('2026-12-31T06:30:00.000Z');
  });

  it('for a deadline given as an instant, at the instant', () => {
    const due = parseDue('2026-12-31T18:00:00+08:00', SH)!;
    expect(new Date(dueReminderMs(due, nineInBeijing)).toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(dueReminderMs({ at: '2026-12-31T10:00:00.000Z' }, nineInBeijing)).toBe(Date.parse('2026-12-31T10:00:00.000Z'));
  });
});

describe('formatDue: how a due is shown to people', () => {
  it('a due given as a day is that day, in any time zone', () => {
    expect(formatDue(parseDue('2026-12-31', SH)!, SH)).toBe('2026-12-31');
    expect(formatDue(parseDue('2026-12-31', SH)!, 'UTC')).toBe('2026-12-31');
  });

  it('a due given as an instant, or recorded without its date, is its minute on the wall clock of the zone', () => {
    expect(formatDue(parseDue('2026-12-31T18:00:00+08:00', SH)!, SH)).toBe('2026-12-31 18:00');
    expect(formatDue(parseDue('2026-12-31T18:00:00+08:00', SH)!, 'UTC')).toBe('2026-12-31 10:00');
    expect(formatDue({ at: '2026-12-31T15:59:59.999Z' }, SH)).toBe('2026-12-31 23:59');
    expect(formatInstant('2026-11-27T16:00:00Z', SH)).toBe('2026-11-28 00:00');
  });
});
