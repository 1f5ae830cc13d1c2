import type { Event } from '../shared/decider.js';
import type { ExemplarLevel, RecognitionLevel } from './exemplar.commands.js';

/* Self-contained: each event repeats the unit and year the assessment scores it for. */

/** An exemplar was nominated; it waits for the committee. */
export type ExemplarNominated = Event<
  'ExemplarNominated',
  {
    exemplarId: string;
    title: string;
    unit: string;
    year: number;
    summary: string;
    taskIds: string[];
    nominatedBy: string;
    nominatedAt: string;
  }
>;

/** The committee selected it at city level. */
export type ExemplarSelected = Event<
  'ExemplarSelected',
  { exemplarId: string; unit: string; year: number; level: 'city'; comment: string | null; selectedBy: string; selectedAt: string }
>;

/** The committee rejected the nomination (final). */
export type ExemplarRejected = Event<
  'ExemplarRejected',
  { exemplarId: string; unit: string; year: number; reason: string; rejectedBy: string; rejectedAt: string }
>;

/**
 * Recognition from above was recorded. `level` is the exemplar's level after it (the highest
 * reached), `recognizedLevel` the level of this recognition.
 */
export type ExemplarRecognized = Event<
  'ExemplarRecognized',
  {
    exemplarId: string;
    unit: string;
    year: number;
    recognizedLevel: RecognitionLevel;
    level: ExemplarLevel;
    by: string;
    reference: string;
    at: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

/** Every event of an exemplar stream (`exemplar-<id>`). */
export type ExemplarEvent = ExemplarNominated | ExemplarSelected | ExemplarRejected | ExemplarRecognized;
