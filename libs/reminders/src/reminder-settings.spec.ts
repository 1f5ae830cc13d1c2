import { parseDuration, parseOffsets } from './reminder-settings.js';

const H = 3_600_000;

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['30s', 30_000],
    ['15m', 15 * 60_000],
    ['24h', 24 * H],
    ['72h', 72 * H],
    ['2d', 48 * H],
    ['250ms', 250],
    [' 1h ', H],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'h', '-1h', '1.5h', '3w', '72 hours', 'abc'])('rejects %j naming the value', (text) => {
    expect(() => parseDuration(text)).toThrow(`"${text}"`);
  });
});

describe('parseOffsets', () => {
  it('parses the default list, largest first', () => {
    expect(parseOffsets('72h,24h,0')).toEqual([72 * H, 24 * H, 0]);
    expect(parseOffsets(' 0 , 24h ,72h,24h')).toEqual([72 * H, 24 * H, 0]);
  });

  it('names the bad entry', () => {
    expect(() => parseOffsets('72h,soon,0')).toThrow('"soon"');
    expect(() => parseOffsets('72h,,0')).toThrow('Invalid reminder offsets');
    expect(() => parseOffsets('')).toThrow('Invalid reminder offsets');
  });
});
