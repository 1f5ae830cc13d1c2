import { reportUnhandledRejection, UNHANDLED_REJECTION_MARK, unhandledRejections } from './process-guards.js';

describe('process guards', () => {
  it('counts every unhandled rejection and logs it with its stack under one marker', () => {
    const lines: string[] = [];
    const before = unhandledRejections();
    reportUnhandledRejection(new Error('boom'), (m) => lines.push(m));
    reportUnhandledRejection('a string reason', (m) => lines.push(m));
    expect(unhandledRejections()).toBe(before + 2);
    expect(lines[0]).toContain(UNHANDLED_REJECTION_MARK);
    expect(lines[0]).toContain('Error: boom');
    expect(lines[0]).toContain('process-guards.spec');
    expect(lines[1]).toContain('a string reason');
  });
});
