import type { Command } from '../shared/decider.js';

/** Levels an exemplar reaches, lowest first: selected by the city, recognised by the province or the nation. */
export const EXEMPLAR_LEVELS = ['city', 'province', 'national'] as const;
/** One exemplar level. */
export type ExemplarLevel = (typeof EXEMPLAR_LEVELS)[number];
/** Levels recognised from above (after the city's selection). */
export const RECOGNITION_LEVELS = ['province', 'national'] as const satisfies readonly ExemplarLevel[];
/** One recognition level. */
export type RecognitionLevel = (typeof RECOGNITION_LEVELS)[number];

/** The office nominates a reform exemplar (改革典型) of a unit for a year. */
export type NominateExemplar = Command<
  'NominateExemplar',
  { exemplarId: string; title: string; unit: string; year: number; summary: string; taskIds?: string[] }
>;

/** A committee member selects the nomination as a city-level exemplar. */
export type SelectExemplar = Command<'SelectExemplar', { exemplarId: string; level: 'city'; comment?: string }>;

/** A committee member rejects the nomination (final). */
export type RejectExemplar = Command<'RejectExemplar', { exemplarId: string; reason: string }>;

/** The office records recognition from above of a selected exemplar. */
export type RecognizeExemplar = Command<
  'RecognizeExemplar',
  {
    exemplarId: string;
    level: RecognitionLevel;
    /** Who recognised it, e.g. 省委深改委, 国务院办公厅. */
    by: string;
    /** Document reference (文号). */
    reference: string;
    /** ISO 8601 date-time with offset of the recognition (may be in the past). */
    at: string;
  }
>;

/** Every command of the exemplar aggregate. */
export type ExemplarCommand = NominateExemplar | SelectExemplar | RejectExemplar | RecognizeExemplar;
