/**
 * How a finding (督察问题) is shown: its state as the four steps people know (下发 → 整改中 →
 * 待复核 → 销号), its light, and what each role may do with it now. The API decides; these only
 * choose what to offer. No Vue here.
 */
import { deadlineLight, type LightColour } from './format';

export type FindingStatus = 'open' | 'planned' | 'rectified' | 'closed' | 'reopened';

/** The four steps of a finding, in order: the message keys under `inspect.steps`. */
export const FINDING_STEPS = ['issued', 'rectifying', 'reviewing', 'closed'] as const;
export type FindingStep = (typeof FINDING_STEPS)[number];

/**
 * The step a status stands at: a plan starts the rectifying; a finding sent back (退回, `reopened`)
 * is rectifying again.
 */
export function findingStep(status: FindingStatus): FindingStep {
  switch (status) {
    case 'open':
      return 'issued';
    case 'planned':
    case 'reopened':
      return 'rectifying';
    case 'rectified':
      return 'reviewing';
    case 'closed':
      return 'closed';
    default: {
      const never: never = status;
      throw new Error(`unknown finding status ${String(never)}`);
    }
  }
}

/**
 * A finding's light against its (possibly extended) due date: none once closed (销号), red when
 * the API says it is overdue, else yellow within the warning window and green before it.
 */
export function findingLight(
  finding: { status: FindingStatus; overdue: boolean; rectificationDue: string },
  nowMs: number,
): LightColour | null {
  if (finding.status === 'closed') return null;
  if (finding.overdue) return 'red';
  return deadlineLight(finding.rectificationDue, nowMs, true);
}

/** What a person may do with a finding now, as the API's rules stand (it refuses anything else in its own words). */
export function findingActions(
  finding: { status: FindingStatus; responsibleUnit: string },
  who: { inspector: boolean; department: boolean; unit: string | undefined },
  inspectionOpen: boolean,
): { plan: boolean; rectify: boolean; verify: boolean; extend: boolean } {
  const live = inspectionOpen && finding.status !== 'closed';
  const ownUnit = who.department && who.unit !== undefined && who.unit === finding.responsibleUnit;
  return {
    plan: live && ownUnit && (finding.status === 'open' || finding.status === 'reopened'),
    rectify: live && who.inspector && finding.status !== 'rectified',
    // Separation of duties: an inspector seconded from the rectifying unit does not verify it.
    verify: live && who.inspector && finding.status === 'rectified' && who.unit !== finding.responsibleUnit,
    extend: live && who.inspector,
  };
}
