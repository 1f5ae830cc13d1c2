import { distinctAttachments } from '../file/attachment.js';
import type { Attachment } from '../file/file.state.js';
import { isPastDeadline, type Instant } from '../shared/time.js';
import type { Severity, VerificationOutcome } from './inspection.commands.js';

/** Where a finding stands: open → planned → rectified → closed, or back to reopened on rejection. */
export type FindingStatus = 'open' | 'planned' | 'rectified' | 'closed' | 'reopened';

/** Every finding status, for validating query filters. */
export const FINDING_STATUSES = ['open', 'planned', 'rectified', 'closed', 'reopened'] as const satisfies readonly FindingStatus[];

/** A rectification plan as submitted by the responsible unit. */
export interface RectificationPlan {
  plan: string;
  due: string | null;
  /** `due` as the calendar date it was given as, else `null`. */
  dueDate: string | null;
  submittedBy: string;
  at: string;
  /** Evidence files submitted with the plan, when any. */
  attachments?: Attachment[];
}

/** What was done to rectify, as the inspector recorded it. */
export interface Rectification {
  description: string;
  evidence: string[];
  recordedBy: string;
  at: string;
  /** Evidence files (photos, the unit's signed report), when any. */
  attachments?: Attachment[];
}

/** One verification of a rectification. */
export interface Verification {
  outcome: VerificationOutcome;
  comment: string;
  by: string;
  at: string;
}

/** One extension of the rectification due date. */
export interface DueExtension {
  previousDue: string;
  due: string;
  /** `due` as the calendar date it was given as, else `null`. */
  dueDate: string | null;
  reason: string;
  by: string;
  at: string;
  /** Evidence files given with the extension, when any. */
  attachments?: Attachment[];
}

/**
 * A finding: API.md's Finding (except `overdue`, which depends on the clock: see
 * {@link isFindingOverdue}), plus its plan history, failed verifications and extensions.
 */
export interface Finding {
  id: string;
  inspectionId: string;
  description: string;
  severity: Severity;
  responsibleUnit: string;
  /** The current due date, after any extensions. */
  rectificationDue: string;
  /** `rectificationDue` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  rectificationDueDate: string | null;
  status: FindingStatus;
  /** Text of the latest plan, `null` before the first one. */
  plan: string | null;
  /** Due date the latest plan proposed, if any (the binding date stays `rectificationDue`). */
  planDue: string | null;
  /** `planDue` as the calendar date it was given as, else `null`. */
  planDueDate: string | null;
  plans: RectificationPlan[];
  rectifications: Rectification[];
  verifications: Verification[];
  /** How many verifications rejected the rectification (feeds the assessment). */
  failedVerifications: number;
  extensions: DueExtension[];
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** An inspection with its findings in the order they were recorded. */
export interface Inspection {
  id: string;
  title: string;
  targetUnit: string;
  taskIds: string[];
  scope: string | null;
  status: 'open' | 'closed';
  findings: Finding[];
  openedBy: string;
  openedAt: string;
  updatedAt: string;
  closedBy: string | null;
  closedAt: string | null;
}

/** The folded stream: `null` until the inspection is opened. */
export type InspectionState = Inspection | null;

/**
 * Overdue is derived, never stored: the rectification due date (after any extensions) has
 * passed at `now` and the finding is not closed. A rectified finding awaiting verification
 * still counts: only the inspector's acceptance ends it.
 */
export function isFindingOverdue(finding: Pick<Finding, 'status' | 'rectificationDue'>, now: Instant): boolean {
  return finding.status !== 'closed' && isPastDeadline(finding.rectificationDue, now);
}

/** Every evidence file the finding's plans, rectifications and extensions carry, each once. */
export function findingAttachments(finding: Pick<Finding, 'plans' | 'rectifications' | 'extensions'>): Attachment[] {
  return distinctAttachments([...finding.plans, ...finding.rectifications, ...finding.extensions]);
}
