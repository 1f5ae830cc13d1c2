import { hasRole, type DomainActor, type Role } from '../shared/decider.js';

/**
 * A record that cites a file, reduced to what decides who may read the file: the unit that
 * owns the record (a task's lead unit, a finding's responsible unit) and, for an evaluation,
 * the evaluator's organisation.
 */
export interface FileCitation {
  stream: string;
  revision: number;
  /** The department unit whose record this is, if any. */
  unit?: string;
  /** The evaluator organisation the record was commissioned from, if any. */
  evaluatorUnit?: string;
}

/** What {@link canReadFile} needs to know about a file: who uploaded it and which records cite it. */
export interface FileReadFacts {
  uploaders: readonly { id: string; unit?: string }[];
  citedBy: readonly FileCitation[];
}

/** Roles that read every file some record cites (API.md: inspectors, the office, members, leaders, admins). */
export const CITED_FILE_READERS: readonly Role[] = ['inspector', 'reform_office', 'committee_member', 'leader', 'admin'];

/**
 * Who may read an evidence file (API.md "Evidence files"). Evidence is more private than the
 * records citing it: a department reads what it (its unit) uploaded and what its own unit's
 * records cite; an evaluator what the evaluations commissioned from its organisation cite;
 * the office, inspectors, members and admins every cited file. Anyone reads what they uploaded
 * themselves, so an uploader can attach it.
 */
export function canReadFile(actor: DomainActor, file: FileReadFacts): boolean {
  if (file.uploaders.some((u) => u.id === actor.id)) return true;
  if (hasRole(actor, ...CITED_FILE_READERS) && file.citedBy.length > 0) return true;
  const unit = actor.unit;
  if (unit === undefined) return false;
  if (hasRole(actor, 'department') && (file.uploaders.some((u) => u.unit === unit) || file.citedBy.some((c) => c.unit === unit)))
    return true;
  return hasRole(actor, 'evaluator') && file.citedBy.some((c) => c.evaluatorUnit === unit);
}
