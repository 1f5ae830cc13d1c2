import type { Role } from '../shared/decider.js';
import type { Urging } from '../urging/urging.state.js';
import { isDepartmentOf, readsAll, type Reader } from './reader.js';

/**
 * Roles that read every urging notice: those that read every task and supervise it (an
 * inspector reads the whole ledger). An evaluator reads the subjects commissioned from its
 * organisation "and nothing else" (API.md "Who may read what"): a notice is no such subject.
 */
export const URGING_READERS_OF_ALL = [
  'reform_office',
  'committee_member',
  'inspector',
  'leader',
  'admin',
] as const satisfies readonly Role[];

/** `true` when the reader may read the urging notice: a role that reads all, or a department of the task's lead unit it was sent to. */
export function canReadUrging(reader: Reader, urging: Pick<Urging, 'leadUnit'>): boolean {
  return readsAll(reader, URGING_READERS_OF_ALL) || isDepartmentOf(reader, urging.leadUnit);
}
