import { EXEMPLAR_LEVELS, type ExemplarLevel, type RecognitionLevel } from './exemplar.commands.js';

/** `nominated` → `selected` (city level, then recognitions from above) or `rejected` (final). */
export type ExemplarStatus = 'nominated' | 'selected' | 'rejected';

/** Every exemplar status, for query filters. */
export const EXEMPLAR_STATUSES = ['nominated', 'selected', 'rejected'] as const satisfies readonly ExemplarStatus[];

/** One recognition from above. */
export interface ExemplarRecognition {
  level: RecognitionLevel;
  by: string;
  reference: string;
  at: string;
  recordedBy: string;
  recordedAt: string;
}

/** A reform exemplar (改革典型): API.md's Exemplar resource (without `revision`). */
export interface Exemplar {
  id: string;
  title: string;
  unit: string;
  year: number;
  summary: string;
  taskIds: string[];
  status: ExemplarStatus;
  /** The highest level reached, `null` until selected. */
  level: ExemplarLevel | null;
  selectedBy: string | null;
  selectedAt: string | null;
  selectionComment: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  recognitions: ExemplarRecognition[];
  nominatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The folded stream: `null` until nominated. */
export type ExemplarState = Exemplar | null;

/** The higher of two levels (`null` is below every level). */
export function higherExemplarLevel(a: ExemplarLevel | null, b: ExemplarLevel): ExemplarLevel {
  return a !== null && EXEMPLAR_LEVELS.indexOf(a) >= EXEMPLAR_LEVELS.indexOf(b) ? a : b;
}
