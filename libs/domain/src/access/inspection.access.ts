import type { Role } from '../shared/decider.js';
import type { Finding, Inspection } from '../inspection/inspection.state.js';
import { isDepartmentOf, readsAll, type Reader } from './reader.js';

/** Roles that read every inspection, finding and rectification (API.md "Who may read what"). */
export const INSPECTION_READERS_OF_ALL = [
  'inspector',
  'reform_office',
  'committee_member',
  'leader',
  'admin',
] as const satisfies readonly Role[];

/**
 * `true` when the reader may read the inspection with all its findings: a role that reads all,
 * or a department of the inspected unit. A department that only rectifies one of its findings
 * reads that finding ({@link canReadFinding}), not the inspection of another unit.
 */
export function canReadInspection(reader: Reader, inspection: Pick<Inspection, 'targetUnit'>): boolean {
  return readsAll(reader, INSPECTION_READERS_OF_ALL) || isDepartmentOf(reader, inspection.targetUnit);
}

/** `true` when the reader may read the finding: it reads the inspection, or its unit must rectify the finding. */
export function canReadFinding(
  reader: Reader,
  finding: Pick<Finding, 'responsibleUnit'>,
  inspection: Pick<Inspection, 'targetUnit'>,
): boolean {
  return canReadInspection(reader, inspection) || isDepartmentOf(reader, finding.responsibleUnit);
}
