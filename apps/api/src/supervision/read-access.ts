import type { Role } from '#domain';
import type { AuthUser } from '../auth/auth.types.js';

// Who reads every supervision record; anyone else (a department, an evaluator) reads their own unit's only.
const READ_ALL: readonly Role[] = ['reform_office', 'committee_member', 'inspector', 'leader', 'admin'];

/**
 * The unit whose supervision records the caller may read, or `undefined` when the caller reads
 * all of them (API.md: "a department: its own unit's"). A caller with no unit reads none, so
 * the answer is a unit no record names.
 */
export function readableUnit(user: AuthUser): string | undefined {
  if (user.roles.some((r) => READ_ALL.includes(r))) return undefined;
  return user.unit ?? '\u0000no unit';
}
