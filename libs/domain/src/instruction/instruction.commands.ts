import type { AttachmentCandidate } from '../file/attachment.js';
import type { Command } from '../shared/decider.js';

/** What a leader's instruction may be given on. */
export const INSTRUCTION_SUBJECT_KINDS = ['task', 'matter', 'finding', 'meeting_item'] as const;
/** One kind of instruction subject. */
export type InstructionSubjectKind = (typeof INSTRUCTION_SUBJECT_KINDS)[number];

/** The record an instruction is given on, as its read model knows it when the instruction is given. */
export interface InstructedSubject {
  kind: InstructionSubjectKind;
  id: string;
  title: string;
  /** The unit that answers how the instruction was carried out (a task's lead unit, a finding's responsible unit...), `null` when none. */
  unit: string | null;
}

/** A leader gives a written instruction (领导批示) on a task, matter, finding or meeting item. */
export type GiveInstruction = Command<
  'GiveInstruction',
  {
    instructionId: string;
    /** What the request named. */
    subjectRef: { kind: string; id: string };
    /** The record it names, `null` when there is none. */
    subject: InstructedSubject | null;
    text: string;
    /** Date `YYYY-MM-DD` or date-time with offset by which the unit reports how it was carried out. */
    respondBy?: string;
  }
>;

/** The responsible unit (or the office) reports how the instruction was carried out (落实情况); `done` closes it. */
export type RespondToInstruction = Command<
  'RespondToInstruction',
  { instructionId: string; responseId: string; text: string; done?: boolean; attachments?: readonly AttachmentCandidate[] }
>;

/** The leader who gave it, or the office, closes the instruction. */
export type CloseInstruction = Command<'CloseInstruction', { instructionId: string; comment?: string }>;

/** Every command of a leader's instruction. */
export type InstructionCommand = GiveInstruction | RespondToInstruction | CloseInstruction;
