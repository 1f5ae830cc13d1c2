import type { AttachmentCandidate } from '../file/attachment.js';
import type { Command } from '../shared/decider.js';

/** How serious a finding is; drives how often its rectification due date may be extended. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** One finding severity. */
export type Severity = (typeof SEVERITIES)[number];

/** `true` when the string is one of {@link SEVERITIES}. */
export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** How an inspector judges a recorded rectification. */
export const VERIFICATION_OUTCOMES = ['accepted', 'rejected'] as const;
/** One verification outcome. */
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** How many times a finding's rectification due date may be extended, per severity. */
export type ExtensionLimits = Readonly<Record<Severity, number>>;

/**
 * The default extension limits: the graver the finding, the less slack. A deployment sets its
 * own in configuration; the decider is built from them (`inspectionDeciderFor`).
 */
export const DEFAULT_EXTENSION_LIMITS: ExtensionLimits = Object.freeze({ critical: 1, high: 2, medium: 3, low: 3 });

/** An inspector opens an inspection against a unit (and optionally some of its tasks). */
export type OpenInspection = Command<
  'OpenInspection',
  { inspectionId: string; title: string; targetUnit: string; taskIds?: string[]; scope?: string }
>;

/** An inspector records a finding with the unit that must rectify it and by when. */
export type RecordFinding = Command<
  'RecordFinding',
  {
    inspectionId: string;
    findingId: string;
    description: string;
    severity: Severity;
    responsibleUnit: string;
    /** ISO 8601 date or date-time with offset. */
    rectificationDue: string;
  }
>;

/** The responsible unit proposes how (and optionally by when) it will rectify. */
export type SubmitRectificationPlan = Command<
  'SubmitRectificationPlan',
  { inspectionId: string; findingId: string; plan: string; due?: string; attachments?: readonly AttachmentCandidate[] }
>;

/** The inspector records what was done to rectify, with evidence references. */
export type RecordRectification = Command<
  'RecordRectification',
  { inspectionId: string; findingId: string; description: string; evidence?: string[]; attachments?: readonly AttachmentCandidate[] }
>;

/** The inspector verifies the recorded rectification: accepted closes, rejected reopens. */
export type VerifyRectification = Command<
  'VerifyRectification',
  { inspectionId: string; findingId: string; outcome: VerificationOutcome; comment: string }
>;

/** The inspector grants more time, within the configured number of extensions. */
export type ExtendRectificationDue = Command<
  'ExtendRectificationDue',
  { inspectionId: string; findingId: string; due: string; reason: string; attachments?: readonly AttachmentCandidate[] }
>;

/** The inspector closes the inspection once every finding is closed. */
export type CloseInspection = Command<'CloseInspection', { inspectionId: string }>;

/** Every command the inspection aggregate accepts. */
export type InspectionCommand =
  | OpenInspection
  | RecordFinding
  | SubmitRectificationPlan
  | RecordRectification
  | VerifyRectification
  | ExtendRectificationDue
  | CloseInspection;
