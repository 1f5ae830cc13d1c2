import type { Attachment } from '../file/file.state.js';
import type { Event } from '../shared/decider.js';
import type { Severity, VerificationOutcome } from './inspection.commands.js';

/*
 * Event data is self-contained so the rectification ledger and the assessment can be projected
 * from events alone: every finding event names its inspection, finding and responsible unit,
 * the actor id and the server time; optional inputs are stored as `null` or `[]`.
 */

/** An inspection was opened against a unit. */
export type InspectionOpened = Event<
  'InspectionOpened',
  { inspectionId: string; title: string; targetUnit: string; taskIds: string[]; scope: string | null; openedBy: string; openedAt: string }
>;

/** A finding was recorded; its status starts `open`. */
export type FindingRecorded = Event<
  'FindingRecorded',
  {
    inspectionId: string;
    findingId: string;
    targetUnit: string;
    description: string;
    severity: Severity;
    responsibleUnit: string;
    rectificationDue: string;
    /** The calendar date `rectificationDue` is the end of, when it was given as a date (absent otherwise, and from older events). */
    rectificationDueDate?: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

/** The responsible unit submitted a rectification plan; the finding becomes `planned`. */
export type RectificationPlanSubmitted = Event<
  'RectificationPlanSubmitted',
  {
    inspectionId: string;
    findingId: string;
    responsibleUnit: string;
    plan: string;
    due: string | null;
    /** The calendar date `due` is the end of, when it was given as a date. */
    dueDate?: string;
    submittedBy: string;
    submittedAt: string;
    attachments?: Attachment[];
  }
>;

/** The inspector recorded a rectification; the finding becomes `rectified` (awaiting verification). */
export type RectificationRecorded = Event<
  'RectificationRecorded',
  {
    inspectionId: string;
    findingId: string;
    responsibleUnit: string;
    description: string;
    evidence: string[];
    recordedBy: string;
    recordedAt: string;
    attachments?: Attachment[];
  }
>;

/** The inspector verified a rectification: `accepted` closes the finding, `rejected` reopens it. */
export type RectificationVerified = Event<
  'RectificationVerified',
  {
    inspectionId: string;
    findingId: string;
    responsibleUnit: string;
    severity: Severity;
    outcome: VerificationOutcome;
    comment: string;
    verifiedBy: string;
    verifiedAt: string;
  }
>;

/** The rectification due date was extended; `extension` counts from 1. */
export type RectificationDueExtended = Event<
  'RectificationDueExtended',
  {
    inspectionId: string;
    findingId: string;
    responsibleUnit: string;
    previousDue: string;
    due: string;
    /** The calendar date `due` is the end of, when it was given as a date. */
    dueDate?: string;
    reason: string;
    extension: number;
    extendedBy: string;
    extendedAt: string;
    attachments?: Attachment[];
  }
>;

/** The inspection was closed with all its findings closed. */
export type InspectionClosed = Event<'InspectionClosed', { inspectionId: string; targetUnit: string; closedBy: string; closedAt: string }>;

/** Every event of an inspection stream (`inspection-<id>`). */
export type InspectionEvent =
  | InspectionOpened
  | FindingRecorded
  | RectificationPlanSubmitted
  | RectificationRecorded
  | RectificationVerified
  | RectificationDueExtended
  | InspectionClosed;
