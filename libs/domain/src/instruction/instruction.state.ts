import type { Attachment } from '../file/file.state.js';
import { isPastDeadline, type Instant } from '../shared/time.js';
import type { InstructedSubject } from './instruction.commands.js';

/** `open` (no response yet) → `answered` (at least one) → `closed`. */
export type InstructionStatus = 'open' | 'answered' | 'closed';

/** Every instruction status, for query filters. */
export const INSTRUCTION_STATUSES = ['open', 'answered', 'closed'] as const satisfies readonly InstructionStatus[];

/** One report of how the instruction was carried out. */
export interface InstructionResponse {
  id: string;
  text: string;
  by: string;
  at: string;
  /** Evidence files of how it was carried out, when any. */
  attachments?: Attachment[];
}

/** A leader's written instruction (领导批示): API.md's Instruction resource (without `revision`). */
export interface Instruction {
  id: string;
  subject: InstructedSubject;
  text: string;
  respondBy: string | null;
  respondByDate: string | null;
  status: InstructionStatus;
  givenBy: string;
  givenAt: string;
  responses: InstructionResponse[];
  /** When the first response came, `null` before. */
  firstResponseAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
  closingComment: string | null;
  updatedAt: string;
}

/** The folded stream: `null` until given. */
export type InstructionState = Instruction | null;

/** Whether a response is overdue at `now`: `respondBy` was set and has passed with no response, and the instruction is not closed. */
export function isInstructionOverdue(i: Pick<Instruction, 'respondBy' | 'firstResponseAt' | 'status'>, now: Instant): boolean {
  return i.respondBy !== null && i.firstResponseAt === null && i.status !== 'closed' && isPastDeadline(i.respondBy, now);
}

/**
 * Whether the instruction counts as late for the scoreboard (`instruction.late`): `respondBy`
 * was set and the first response came after it, or none came and it has passed (an instruction
 * its leader closed unanswered before `respondBy` is not late: there was nothing left to answer).
 */
export function isInstructionLate(i: Pick<Instruction, 'respondBy' | 'firstResponseAt' | 'closedAt'>, now: Instant): boolean {
  if (i.respondBy === null) return false;
  return isPastDeadline(i.respondBy, i.firstResponseAt ?? i.closedAt ?? now);
}
