import { hasRole, type DomainActor, type Role } from '../shared/decider.js';

/**
 * Who reads: the verified caller, as the domain sees every actor. Reading rules take it as it
 * is, so a user holding several roles reads what any of them may (the union).
 */
export type Reader = DomainActor;

/** `true` when the reader holds one of the roles that read every record of a kind. */
export function readsAll(reader: Reader, roles: readonly Role[]): boolean {
  return hasRole(reader, ...roles);
}

/** `true` when the reader is a department user of that unit (a department's unit-bound reading). */
export function isDepartmentOf(reader: Reader, unit: string): boolean {
  return reader.unit !== undefined && reader.unit === unit && reader.roles.includes('department');
}
