import type { InstructedSubject, InstructionSubjectKind } from '../instruction/instruction.commands.js';
import type { Role } from '../shared/decider.js';
import { isDepartmentOf, readsAll, type Reader } from './reader.js';

/** Roles that read every leader's instruction, on any subject: those that read every matter, meeting and finding. */
export const INSTRUCTION_READERS_OF_ALL = ['reform_office', 'committee_member', 'leader', 'admin'] as const satisfies readonly Role[];

/**
 * The subject kinds whose instructions an inspector reads: the tasks (every role but an
 * evaluator reads the whole ledger) and the findings (inspectors read them all). Not a matter's
 * or a meeting item's: an inspector reads only the matters it submitted or signs and no meeting,
 * so an instruction must not show it what the subject itself would not.
 */
export const INSPECTOR_READS_INSTRUCTIONS_ON = ['task', 'finding'] as const satisfies readonly InstructionSubjectKind[];

/**
 * `true` when the reader may read the instruction: a role that reads all; an inspector on a
 * task or a finding; a department of the subject's unit (the unit that answers for it: a task's
 * lead unit, a finding's responsible unit, an action item's owner unit; a matter has none). An
 * evaluator reads none: no instruction is the subject of an evaluation.
 */
export function canReadInstruction(reader: Reader, instruction: { subject: Pick<InstructedSubject, 'kind' | 'unit'> }): boolean {
  const { kind, unit } = instruction.subject;
  if (readsAll(reader, INSTRUCTION_READERS_OF_ALL)) return true;
  if (reader.roles.includes('inspector') && (INSPECTOR_READS_INSTRUCTIONS_ON as readonly string[]).includes(kind)) return true;
  return unit !== null && isDepartmentOf(reader, unit);
}
