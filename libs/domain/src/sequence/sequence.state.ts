/** A number sequence: the last number given and who holds each. */
export interface SequenceState {
  /** The last number given; 0 before the first. */
  last: number;
  /** Number of each subject that has one. */
  numbers: Readonly<Record<string, number>>;
}

/** The number `subjectId` holds in the sequence, or `null`. */
export function numberOf(state: SequenceState, subjectId: string): number | null {
  return Object.hasOwn(state.numbers, subjectId) ? state.numbers[subjectId]! : null;
}

/**
 * The name of a yearly sequence: `urging.2026` for urging notices issued in 2026 (calendar
 * year in `DISPLAY_TIMEZONE`), `task.2026` for tasks registered in 2026.
 */
export function yearlySequence(kind: 'urging' | 'task', year: number): string {
  return `${kind}.${year}`;
}

/** The year of a yearly sequence name, or `null` for another name. */
export function yearOfSequence(sequence: string): { kind: string; year: number } | null {
  const m = /^([a-z]+)\.(\d{4})$/.exec(sequence);
  return m ? { kind: m[1]!, year: Number(m[2]) } : null;
}
