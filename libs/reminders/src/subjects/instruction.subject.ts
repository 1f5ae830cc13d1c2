import {
  evolveInstruction,
  initialInstructionState,
  instructionReminderPlan,
  instructionStillReminded,
  instructionStream,
  type InstructionEvent,
} from '#domain';
import type Database from 'better-sqlite3';
import type { QueueOps } from '../scheduler/queue.sink.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/** A reminder of a leader's instruction's `respondBy`, to one recipient (the domain's `instructionReminderPlan`). */
export interface InstructionReminderJob extends ReminderJobFields {
  type: 'instruction-reminder';
  instructionId: string;
  respondBy: string;
}

/** A row of `sched_instructions`: an instruction given with `respondBy`, `open` until its first response or its closing. */
interface InstructionRow {
  instruction_id: string;
  unit: string | null;
  respond_by: string;
  respond_by_date: string | null;
  open: number;
}

/** Every job an unanswered instruction's `respondBy` calls for. */
export function planInstructionJobs(row: InstructionRow, settings: ReminderSettings): PlannedJob<InstructionReminderJob>[] {
  return jobsPerRecipient<InstructionReminderJob>(
    instructionReminderPlan(
      { instructionId: row.instruction_id, unit: row.unit, respondBy: row.respond_by, respondByDate: row.respond_by_date },
      settings,
    ),
    { type: 'instruction-reminder', instructionId: row.instruction_id, respondBy: row.respond_by },
  );
}

const statements = (db: Database.Database) => ({
  insert: db.prepare(
    'INSERT INTO sched_instructions (instruction_id, unit, respond_by, respond_by_date, open) VALUES (?, ?, ?, ?, 1) ON ' +
      'CONFLICT(instruction_id) DO NOTHING',
  ),
  get: db.prepare<[string], InstructionRow>('SELECT * FROM sched_instructions WHERE instruction_id = ?'),
  close: db.prepare('UPDATE sched_instructions SET open = 0 WHERE instruction_id = ?'),
  open: db.prepare<[], InstructionRow>('SELECT * FROM sched_instructions WHERE open = 1'),
});

/**
 * Leaders' instructions (领导批示) given with `respondBy`: the subject's unit (the office for a
 * matter) is reminded as other deadlines are and, once overdue, the office hears too; the first
 * response or the closing ends it. Delivered while the domain's `instructionStillReminded` says so.
 */
export const instructionSubject: ReminderSubject<InstructionReminderJob, 'instruction', InstructionEvent> = {
  jobType: 'instruction-reminder',
  prefixes: ['instruction'],
  categories: ['instruction'],
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS sched_instructions (instruction_id TEXT PRIMARY KEY, unit TEXT, respond_by TEXT NOT NULL,
      respond_by_date TEXT,
      open INTEGER NOT NULL)`);
  },
  fold(ctx) {
    const sql = statements(ctx.db);
    const close = (instructionId: string, ops: QueueOps) => {
      const row = sql.get.get(instructionId);
      if (!row || row.open !== 1) return;
      for (const job of planInstructionJobs(row, ctx.settings)) ops.unplan(job.id);
      sql.close.run(row.instruction_id);
    };
    return {
      apply(event, ops) {
        switch (event.type) {
          case 'InstructionGiven': {
            const d = event.data;
            if (d.respondBy === null) return;
            sql.insert.run(d.instructionId, d.subject.unit, d.respondBy, d.respondByDate ?? null);
            const row = sql.get.get(d.instructionId);
            if (row && row.open === 1) ops.plan(ctx.wanted(planInstructionJobs(row, ctx.settings)));
            return;
          }
          case 'InstructionResponded':
          case 'InstructionClosed':
            close(event.data.instructionId, ops);
            return;
          default:
            return;
        }
      },
      openJobs: () => sql.open.all().flatMap((row) => ctx.wanted(planInstructionJobs(row, ctx.settings))),
    };
  },
  async deliverable(d, read) {
    const state = await read.load(instructionStream(d.instructionId), { initialState: initialInstructionState, evolve: evolveInstruction });
    const instruction = instructionStillReminded(state, d);
    if (!instruction) return null;
    const { subject } = instruction;
    // The console opens the subject where it has a page of its own (a task, a matter).
    const link: Record<string, string> =
      subject.kind === 'task' ? { taskId: subject.id } : subject.kind === 'matter' ? { matterId: subject.id } : {};
    const dated: Record<string, string> = instruction.respondByDate ? { dueDate: instruction.respondByDate } : {};
    return {
      ref: { subject: 'instruction', instructionId: d.instructionId },
      deadline: instruction.respondBy!,
      deadlineVersion: 1,
      prefix: 'instruction',
      ...(subject.unit !== null ? { unit: subject.unit } : {}),
      about: { kind: 'instruction', subject: { kind: subject.kind, unit: subject.unit } },
      facts: { title: subject.title, owner: subject.unit ?? '', due: instruction.respondBy!, dueDate: instruction.respondByDate },
      refs: {
        instructionId: d.instructionId,
        subjectKind: subject.kind,
        subjectId: subject.id,
        ...link,
        due: instruction.respondBy!,
        ...dated,
        reminderKind: d.kind,
        title: subject.title,
      },
    };
  },
};
