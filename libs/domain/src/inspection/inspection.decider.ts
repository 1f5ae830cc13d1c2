import { acceptAttachments, withAttachments } from '../file/attachment.js';
import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import {
  DEFAULT_EXTENSION_LIMITS,
  isSeverity,
  VERIFICATION_OUTCOMES,
  type ExtensionLimits,
  type InspectionCommand,
  type OpenInspection,
  type Severity,
} from './inspection.commands.js';
import { InspectionErrors } from './inspection.errors.js';
import type { InspectionEvent } from './inspection.events.js';
import { evolveInspection, initialInspectionState } from './inspection.evolve.js';
import type { Finding, Inspection, InspectionState } from './inspection.state.js';
import { DEFAULT_DUE_CALENDAR, dueDateField, requireDue, type DueCalendar } from '../shared/due.js';

/**
 * What a deployment decides about inspections: how often a finding's due date may be extended, and the time zone its due dates are days of.
 */
export interface InspectionPolicy extends DueCalendar {
  /** Per severity; severities left out (or set to nonsense) fall back to {@link DEFAULT_EXTENSION_LIMITS}. */
  extensionLimits: Partial<ExtensionLimits>;
}

/** The policy of a deployment that configured nothing. */
export const DEFAULT_INSPECTION_POLICY: InspectionPolicy = Object.freeze({
  extensionLimits: DEFAULT_EXTENSION_LIMITS,
  ...DEFAULT_DUE_CALENDAR,
});

/**
 * Decides an inspection command under `policy`. Refusals come in the order the HTTP layer
 * would answer them: role (403), inspection and finding existence (404), ownership (403),
 * closed inspection (409), input (400), finding status and limits (409).
 */
function decideInspection(
  command: InspectionCommand,
  state: InspectionState,
  policy: InspectionPolicy = DEFAULT_INSPECTION_POLICY,
): InspectionEvent[] {
  const { actor, now } = command.metadata;
  if (command.type === 'OpenInspection') return open(command, state);

  requireInspector(actor, command.type === 'SubmitRectificationPlan');
  const inspection = requireInspection(state, command.data.inspectionId);

  switch (command.type) {
    case 'RecordFinding': {
      requireOpen(inspection);
      const d = command.data;
      if (!isSeverity(d.severity))
        throw refuse.invalid(InspectionErrors.INVALID_SEVERITY, `unknown severity ${JSON.stringify(d.severity)}`, 'severity', {
          severity: String(d.severity),
        });
      const rectificationDue = requireDue(d.rectificationDue, 'rectificationDue', InspectionErrors.INVALID_DATE, policy);
      if (inspection.findings.some((f) => f.id === d.findingId)) {
        throw refuse.conflict(InspectionErrors.FINDING_ALREADY_EXISTS, `inspection ${inspection.id} already has finding ${d.findingId}`, {
          inspectionId: inspection.id,
          findingId: d.findingId,
        });
      }
      return [
        {
          type: 'FindingRecorded',
          data: {
            inspectionId: inspection.id,
            findingId: d.findingId,
            targetUnit: inspection.targetUnit,
            description: d.description,
            severity: d.severity,
            responsibleUnit: d.responsibleUnit,
            rectificationDue: rectificationDue.at,
            ...dueDateField('rectificationDueDate', rectificationDue),
            recordedBy: actor.id,
            recordedAt: now,
          },
        },
      ];
    }
    case 'SubmitRectificationPlan': {
      const finding = requireFinding(inspection, command.data.findingId);
      if (actor.unit === undefined || actor.unit !== finding.responsibleUnit) {
        throw refuse.forbidden(
          InspectionErrors.NOT_RESPONSIBLE_UNIT,
          `only the department of ${finding.responsibleUnit} may plan the rectification of finding ${finding.id}`,
          { findingId: finding.id, responsibleUnit: finding.responsibleUnit },
        );
      }
      requireOpen(inspection);
      const due = command.data.due === undefined ? null : requireDue(command.data.due, 'due', InspectionErrors.INVALID_DATE, policy);
      requireNotClosed(finding);
      if (finding.status === 'planned') {
        throw refuse.conflict(InspectionErrors.PLAN_ALREADY_SUBMITTED, `finding ${finding.id} already has a plan`, {
          findingId: finding.id,
        });
      }
      if (finding.status === 'rectified') {
        throw refuse.conflict(InspectionErrors.AWAITING_VERIFICATION, `finding ${finding.id} is rectified and awaits verification`, {
          findingId: finding.id,
        });
      }
      const planAttachments = acceptAttachments(command.data.attachments, actor);
      return [
        {
          type: 'RectificationPlanSubmitted',
          data: {
            inspectionId: inspection.id,
            findingId: finding.id,
            responsibleUnit: finding.responsibleUnit,
            plan: command.data.plan,
            due: due?.at ?? null,
            ...(due ? dueDateField('dueDate', due) : {}),
            submittedBy: actor.id,
            submittedAt: now,
            ...withAttachments(planAttachments),
          },
        },
      ];
    }
    case 'RecordRectification': {
      const finding = requireFinding(inspection, command.data.findingId);
      requireOpen(inspection);
      requireNotClosed(finding);
      if (finding.status === 'rectified') {
        throw refuse.conflict(
          InspectionErrors.AWAITING_VERIFICATION,
          `finding ${finding.id} already has a rectification awaiting verification`,
          {
            findingId: finding.id,
          },
        );
      }
      const rectificationAttachments = acceptAttachments(command.data.attachments, actor);
      return [
        {
          type: 'RectificationRecorded',
          data: {
            inspectionId: inspection.id,
            findingId: finding.id,
            responsibleUnit: finding.responsibleUnit,
            description: command.data.description,
            evidence: [...(command.data.evidence ?? [])],
            recordedBy: actor.id,
            recordedAt: now,
            ...withAttachments(rectificationAttachments),
          },
        },
      ];
    }
    case 'VerifyRectification': {
      const finding = requireFinding(inspection, command.data.findingId);
      // Separation of duties: a unit must not sign off its own rectification, even through an
      // inspector seconded from it.
      if (actor.unit !== undefined && actor.unit === finding.responsibleUnit) {
        throw refuse.forbidden(
          InspectionErrors.VERIFIER_IS_RECTIFYING_UNIT,
          `a member of ${finding.responsibleUnit} may not verify that unit's rectification`,
          { findingId: finding.id, responsibleUnit: finding.responsibleUnit },
        );
      }
      requireOpen(inspection);
      const { outcome, comment } = command.data;
      if (!(VERIFICATION_OUTCOMES as readonly string[]).includes(outcome)) {
        throw refuse.invalid(InspectionErrors.INVALID_OUTCOME, 'outcome must be accepted or rejected', 'outcome', {
          outcome: String(outcome),
        });
      }
      requireNotClosed(finding);
      if (finding.status !== 'rectified') {
        throw refuse.conflict(InspectionErrors.NOT_RECTIFIED, `finding ${finding.id} is ${finding.status}; record a rectification first`, {
          findingId: finding.id,
          status: finding.status,
        });
      }
      return [
        {
          type: 'RectificationVerified',
          data: {
            inspectionId: inspection.id,
            findingId: finding.id,
            responsibleUnit: finding.responsibleUnit,
            severity: finding.severity,
            outcome,
            comment,
            verifiedBy: actor.id,
            verifiedAt: now,
          },
        },
      ];
    }
    case 'ExtendRectificationDue': {
      const finding = requireFinding(inspection, command.data.findingId);
      requireOpen(inspection);
      const due = requireDue(command.data.due, 'due', InspectionErrors.INVALID_DATE, policy);
      if (Date.parse(due.at) <= Date.parse(finding.rectificationDue)) {
        throw refuse.invalid(
          InspectionErrors.DUE_NOT_LATER,
          `an extension must move the due date past ${finding.rectificationDue}`,
          'due',
          {
            due: finding.rectificationDueDate ?? finding.rectificationDue,
          },
        );
      }
      requireNotClosed(finding);
      const limit = extensionLimit(policy.extensionLimits[finding.severity], finding.severity);
      if (finding.extensions.length >= limit) {
        throw refuse.conflict(
          InspectionErrors.EXTENSION_LIMIT_REACHED,
          `a ${finding.severity} finding may be extended at most ${limit} time(s); finding ${finding.id} was extended ` +
            `${finding.extensions.length}`,
          { findingId: finding.id, severity: finding.severity, limit, extensions: finding.extensions.length },
        );
      }
      const extensionAttachments = acceptAttachments(command.data.attachments, actor);
      return [
        {
          type: 'RectificationDueExtended',
          data: {
            inspectionId: inspection.id,
            findingId: finding.id,
            responsibleUnit: finding.responsibleUnit,
            previousDue: finding.rectificationDue,
            due: due.at,
            ...dueDateField('dueDate', due),
            reason: command.data.reason,
            extension: finding.extensions.length + 1,
            extendedBy: actor.id,
            extendedAt: now,
            ...withAttachments(extensionAttachments),
          },
        },
      ];
    }
    case 'CloseInspection': {
      requireOpen(inspection);
      const notClosed = inspection.findings.filter((f) => f.status !== 'closed');
      if (notClosed.length > 0) {
        throw refuse.conflict(
          InspectionErrors.OPEN_FINDINGS,
          `inspection ${inspection.id} has ${notClosed.length} finding(s) not closed: ${notClosed.map((f) => f.id).join(', ')}`,
          { inspectionId: inspection.id, count: notClosed.length, findingIds: notClosed.map((f) => f.id).join(', ') },
        );
      }
      return [
        {
          type: 'InspectionClosed',
          data: { inspectionId: inspection.id, targetUnit: inspection.targetUnit, closedBy: actor.id, closedAt: now },
        },
      ];
    }
    default:
      return assertNever(command, 'inspection command');
  }
}

function open(command: OpenInspection, state: InspectionState): InspectionEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  requireInspector(actor, false);
  if (state !== null)
    throw refuse.conflict(InspectionErrors.ALREADY_EXISTS, `inspection ${d.inspectionId} already exists`, { inspectionId: d.inspectionId });
  return [
    {
      type: 'InspectionOpened',
      data: {
        inspectionId: d.inspectionId,
        title: d.title,
        targetUnit: d.targetUnit,
        // Duplicates are dropped, order kept: the list is a set of references.
        taskIds: [...new Set(d.taskIds ?? [])],
        scope: d.scope ?? null,
        openedBy: actor.id,
        openedAt: now,
      },
    },
  ];
}

/**
 * The configured limit for a severity. A missing or malformed value (negative, fractional, NaN)
 * falls back to the default, because a broken setting must never mean "unlimited extensions".
 */
function extensionLimit(configured: number | undefined, severity: Severity): number {
  return typeof configured === 'number' && Number.isInteger(configured) && configured >= 0
    ? configured
    : DEFAULT_EXTENSION_LIMITS[severity];
}

/** Plans come from departments; everything else in an inspection is the inspector's. */
function requireInspector(actor: DomainActor, planFromDepartment: boolean): void {
  if (planFromDepartment) {
    if (!hasRole(actor, 'department')) {
      throw refuse.forbidden(InspectionErrors.ROLE_REQUIRED, 'only the responsible department may submit a rectification plan', {
        roles: 'department',
      });
    }
  } else if (!hasRole(actor, 'inspector')) {
    throw refuse.forbidden(InspectionErrors.ROLE_REQUIRED, 'only inspectors may do this', { roles: 'inspector' });
  }
}

function requireInspection(state: InspectionState, inspectionId: string): Inspection {
  if (state === null) throw refuse.notFound(InspectionErrors.NOT_FOUND, `no inspection ${inspectionId}`, { inspectionId });
  return state;
}

function requireFinding(inspection: Inspection, findingId: string): Finding {
  const finding = inspection.findings.find((f) => f.id === findingId);
  if (!finding)
    throw refuse.notFound(InspectionErrors.FINDING_NOT_FOUND, `inspection ${inspection.id} has no finding ${findingId}`, {
      inspectionId: inspection.id,
      findingId,
    });
  return finding;
}

function requireOpen(inspection: Inspection): void {
  if (inspection.status === 'closed')
    throw refuse.conflict(InspectionErrors.CLOSED, `inspection ${inspection.id} is closed`, { inspectionId: inspection.id });
}

function requireNotClosed(finding: Finding): void {
  if (finding.status === 'closed')
    throw refuse.conflict(InspectionErrors.FINDING_CLOSED, `finding ${finding.id} is closed`, { findingId: finding.id });
}

/**
 * The inspection aggregate under a deployment's policy. The configured limits are a dependency
 * of the decision, given once when the decider is built, never carried inside commands.
 */
export function inspectionDeciderFor(policy: InspectionPolicy): Decider<InspectionCommand, InspectionEvent, InspectionState> {
  return {
    initialState: initialInspectionState,
    evolve: evolveInspection,
    decide: (command, state) => decideInspection(command, state, policy),
  };
}
