import { withAttachments } from '../file/attachment.js';
import { assertNever } from '../shared/decider.js';
import type { InspectionEvent } from './inspection.events.js';
import type { Finding, Inspection, InspectionState } from './inspection.state.js';

/*
 * The inspection's fold, on its own: folding a stream needs no policy, so readers (projections,
 * the audit replay, reminder delivery) use these two functions and never build a decider to read
 * an inspection.
 */

/** Nothing opened yet. */
export function initialInspectionState(): InspectionState {
  return null;
}

/**
 * Folds one event into the inspection. Total: an event that cannot apply (only possible with a
 * corrupted stream, e.g. a finding event for an unknown finding) leaves the state unchanged so
 * an audit replay still shows what is there.
 */
export function evolveInspection(state: InspectionState, event: InspectionEvent): InspectionState {
  if (event.type === 'InspectionOpened') {
    const d = event.data;
    return {
      id: d.inspectionId,
      title: d.title,
      targetUnit: d.targetUnit,
      taskIds: [...d.taskIds],
      scope: d.scope,
      status: 'open',
      findings: [],
      openedBy: d.openedBy,
      openedAt: d.openedAt,
      updatedAt: d.openedAt,
      closedBy: null,
      closedAt: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'FindingRecorded': {
      const d = event.data;
      const finding: Finding = {
        id: d.findingId,
        inspectionId: d.inspectionId,
        description: d.description,
        severity: d.severity,
        responsibleUnit: d.responsibleUnit,
        rectificationDue: d.rectificationDue,
        rectificationDueDate: d.rectificationDueDate ?? null,
        status: 'open',
        plan: null,
        planDue: null,
        planDueDate: null,
        plans: [],
        rectifications: [],
        verifications: [],
        failedVerifications: 0,
        extensions: [],
        recordedBy: d.recordedBy,
        recordedAt: d.recordedAt,
        updatedAt: d.recordedAt,
        closedAt: null,
      };
      return { ...state, findings: [...state.findings, finding], updatedAt: d.recordedAt };
    }
    case 'RectificationPlanSubmitted': {
      const d = event.data;
      return updateFinding(state, d.findingId, d.submittedAt, (f) => ({
        ...f,
        status: 'planned',
        plan: d.plan,
        planDue: d.due,
        planDueDate: d.dueDate ?? null,
        plans: [
          ...f.plans,
          {
            plan: d.plan,
            due: d.due,
            dueDate: d.dueDate ?? null,
            submittedBy: d.submittedBy,
            at: d.submittedAt,
            ...withAttachments(d.attachments ?? []),
          },
        ],
      }));
    }
    case 'RectificationRecorded': {
      const d = event.data;
      return updateFinding(state, d.findingId, d.recordedAt, (f) => ({
        ...f,
        status: 'rectified',
        rectifications: [
          ...f.rectifications,
          {
            description: d.description,
            evidence: [...d.evidence],
            recordedBy: d.recordedBy,
            at: d.recordedAt,
            ...withAttachments(d.attachments ?? []),
          },
        ],
      }));
    }
    case 'RectificationVerified': {
      const d = event.data;
      const accepted = d.outcome === 'accepted';
      return updateFinding(state, d.findingId, d.verifiedAt, (f) => ({
        ...f,
        status: accepted ? 'closed' : 'reopened',
        verifications: [...f.verifications, { outcome: d.outcome, comment: d.comment, by: d.verifiedBy, at: d.verifiedAt }],
        failedVerifications: f.failedVerifications + (accepted ? 0 : 1),
        closedAt: accepted ? d.verifiedAt : null,
      }));
    }
    case 'RectificationDueExtended': {
      const d = event.data;
      return updateFinding(state, d.findingId, d.extendedAt, (f) => ({
        ...f,
        rectificationDue: d.due,
        rectificationDueDate: d.dueDate ?? null,
        extensions: [
          ...f.extensions,
          {
            previousDue: d.previousDue,
            due: d.due,
            dueDate: d.dueDate ?? null,
            reason: d.reason,
            by: d.extendedBy,
            at: d.extendedAt,
            ...withAttachments(d.attachments ?? []),
          },
        ],
      }));
    }
    case 'InspectionClosed':
      return { ...state, status: 'closed', closedBy: event.data.closedBy, closedAt: event.data.closedAt, updatedAt: event.data.closedAt };
    default:
      return assertNever(event, 'inspection event');
  }
}

function updateFinding(state: Inspection, findingId: string, at: string, change: (f: Finding) => Finding): Inspection {
  if (!state.findings.some((f) => f.id === findingId)) return state;
  return {
    ...state,
    findings: state.findings.map((f) => (f.id === findingId ? { ...change(f), updatedAt: at } : f)),
    updatedAt: at,
  };
}
