import { calendarYearSpan } from './calendar-year.js';

describe('calendarYearSpan', () => {
  it('spans a year of Beijing time by default: 1 January 00:00 +08:00 to the next', () => {
    expect(calendarYearSpan(2026, 'Asia/Shanghai')).toEqual({
      fromMs: Date.parse('2025-12-31T16:00:00Z'),
      toMs: Date.parse('2026-12-31T16:00:00Z'),
    });
  });
  it('puts a deadline at 23:59 on 31 December in Beijing in that year, though it is the afternoon in UTC', () => {
    const { fromMs, toMs } = calendarYearSpan(2026, 'Asia/Shanghai');
    const lastMinute = Date.parse('2026-12-31T23:59:00+08:00');
    expect(lastMinute >= fromMs && lastMinute < toMs).toBe(true);
    expect(Date.parse('2027-01-01T00:00:00+08:00')).toBe(toMs);
  });
  it('follows another zone when asked', () => {
    expect(calendarYearSpan(2026, 'UTC')).toEqual({ fromMs: Date.parse('2026-01-01T00:00:00Z'), toMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(calendarYearSpan(2026, 'America/New_York').fromMs).toBe(Date.parse('2026-01-01T05:00:00Z'));
  });
});
