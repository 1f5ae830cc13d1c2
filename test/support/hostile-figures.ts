import { appendFileSync } from 'node:fs';

/**
 * Prints a hostile-suite spec's figures (requests sent, 5xx seen, ...) on the terminal, past
 * Jest's console capture, and appends them as one JSON line to `HOSTILE_FIGURES_FILE` when set
 * (`npm run test:hostile` sets it and prints the totals at the end).
 */
export function reportFigures(title: string, figures: Record<string, number | string>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  process.stdout.write(`\n${title}\n${lines.join('\n')}\n`);
  const file = process.env['HOSTILE_FIGURES_FILE'];
  if (file) appendFileSync(file, `${JSON.stringify({ title, figures })}\n`);
}

/** How many generated cases a hostile spec runs: `HOSTILE_FUZZ_RUNS` when set, else `reduced` (the CI size). */
export function fuzzRuns(reduced: number): number {
  const given = Number(process.env['HOSTILE_FUZZ_RUNS']);
  return Number.isInteger(given) && given > 0 ? given : reduced;
}
