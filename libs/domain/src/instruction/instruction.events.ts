import type { Attachment } from '../file/file.state.js';
import type { Event } from '../shared/decider.js';
import type { InstructedSubject } from './instruction.commands.js';

/* Self-contained: each event repeats the subject and its unit, so read models and reminders need no other stream. */

/** A leader gave a written instruction. */
export type InstructionGiven = Event<
  'InstructionGiven',
  {
    instructionId: string;
    subject: InstructedSubject;
    text: string;
    /** When the unit's response is due (UTC ISO), `null` when none was set. */
    respondBy: string | null;
    /** Present when `respondBy` was given as a calendar date. */
    respondByDate?: string;
    givenBy: string;
    givenAt: string;
  }
>;

/** How the instruction was carried out (落实情况); `late` when the first response came after `respondBy`. */
export type InstructionResponded = Event<
  'InstructionResponded',
  {
    instructionId: string;
    responseId: string;
    subject: InstructedSubject;
    text: string;
    /** Whether this is the first response (what `respondBy` asks for). */
    first: boolean;
    late: boolean;
    respondedBy: string;
    respondedAt: string;
    attachments?: Attachment[];
  }
>;

/** The instruction was closed: by its leader or the office, or by a response marked done. */
export type InstructionClosed = Event<
  'InstructionClosed',
  { instructionId: string; subject: InstructedSubject; comment: string | null; closedBy: string; closedAt: string }
>;

/** Every event of an instruction stream (`instruction-<id>`). */
export type InstructionEvent = InstructionGiven | InstructionResponded | InstructionClosed;
