import { DomainError } from './domain-error.js';
import { parseInstant, requireInstant } from './time.js';

describe('parseInstant', () => {
  it.each([
    ['2026-03-01T08:00:00+08:00', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01t00:00:00.123456z', '2026-03-01T00:00:00.123Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
  ])('reads %s as the instant %s', (text, iso) => {
    expect(parseInstant(text)).toBe(iso);
  });

  it.each([['2026-02-30T00:00:00Z'], ['2026-03-01T08:00:00'], ['2026-03-01T24:00:00Z'], ['next friday'], [''], [42], [null]])(
    'refuses %p',
    (value) => {
      expect(parseInstant(value)).toBeNull();
    },
  );
});

describe('requireInstant', () => {
  it('answers the UTC instant, or an invalid refusal with the code and the field', () => {
    expect(requireInstant('2026-03-01T08:00:00+08:00', 'deadline', 'X.INVALID_DATE')).toBe('2026-03-01T00:00:00.000Z');
    let error: unknown;
    try {
      requireInstant('2026-02-30T00:00:00Z', 'milestones[0].due', 'X.INVALID_DATE');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'X.INVALID_DATE', kind: 'invalid', path: 'milestones[0].due' });
  });
});
