import type Database from 'better-sqlite3';
import {
  canReadInstruction,
  isInstructionOverdue,
  type Instruction,
  type InstructionStatus,
  type InstructionSubjectKind,
  type Reader,
} from '#domain';
import { instructionReadSql } from '../access/read-scope.sql.js';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { instructionOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { INSTRUCTIONS_TABLE } from './instructions.projection.js';

/** An instruction as `GET /instructions/:id` answers it: the instruction, whether a response is overdue now, and its revision. */
export type InstructionView = Instruction & { overdue: boolean; revision: number };

/** How a subject's answer lists its instructions (API.md: `instructions: [{ id, by, text, at, respondBy, status }]`). */
export interface InstructionSummary {
  id: string;
  by: string;
  text: string;
  at: string;
  respondBy: string | null;
  status: InstructionStatus;
}

/** Filters of `GET /instructions`. */
export interface InstructionFilter {
  subjectKind?: InstructionSubjectKind;
  subjectId?: string;
  unit?: string;
  status?: InstructionStatus;
  overdue?: boolean;
  /** Only what this reader may read (`canReadInstruction`); without it every instruction. */
  reader?: Reader;
  limit: number;
  /** Keyset: `[givenAt, id]` of the previous page's last row (oldest first). */
  after?: [string, string] | null;
}

const view = (i: Instruction, revision: number, nowMs: number): InstructionView => ({
  ...i,
  overdue: isInstructionOverdue(i, nowMs),
  revision,
});

/** One instruction, or null (also when `reader` may not read it: `canReadInstruction`). */
export function getInstruction(db: Database.Database, id: string, nowMs: number, reader?: Reader): InstructionView | null {
  const doc = readDocument<Instruction | null>(db, INSTRUCTIONS_TABLE, id);
  if (!doc?.state || (reader && !canReadInstruction(reader, doc.state))) return null;
  return view(doc.state, doc.revision, nowMs);
}

/** A page of instructions, oldest first; fetches `limit + 1` to detect a next page. */
export function listInstructions(db: Database.Database, f: InstructionFilter, nowMs: number): InstructionView[] {
  const where: string[] = ['status IS NOT NULL'];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    where.push(`${column} = ?`);
    params.push(value);
  };
  if (f.subjectKind !== undefined) eq('subject_kind', f.subjectKind);
  if (f.subjectId !== undefined) eq('subject_id', f.subjectId);
  if (f.unit !== undefined) eq('unit', f.unit);
  if (f.status !== undefined) eq('status', f.status);
  if (f.overdue !== undefined) {
    where.push(f.overdue ? instructionOverdueSql() : `NOT ${instructionOverdueSql()}`);
    params.push(nowMs);
  }
  const scope = f.reader ? instructionReadSql(f.reader) : null;
  if (scope) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  if (f.after) {
    where.push('(given_at, id) > (?, ?)');
    params.push(f.after[0], f.after[1]);
  }
  const rows = db
    .prepare(`SELECT doc, revision FROM ${INSTRUCTIONS_TABLE} WHERE ${where.join(' AND ')} ORDER BY given_at, id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => view(JSON.parse(r.doc) as Instruction, r.revision, nowMs));
}

/** The instructions on one subject that `reader` may read (`canReadInstruction`), oldest first, as the subject's answer lists them. */
export function instructionsOn(db: Database.Database, kind: InstructionSubjectKind, id: string, reader: Reader): InstructionSummary[] {
  const scope = instructionReadSql(reader);
  const rows = prepared(
    db,
    `SELECT doc FROM ${INSTRUCTIONS_TABLE} WHERE subject_kind = ? AND subject_id = ?${scope ? ` AND ${scope.sql}` : ''} ` +
      `ORDER BY given_at, id`,
  )
    .pluck()
    .all(kind, id, ...(scope?.params ?? [])) as string[];
  return rows.map((doc) => summaryOf(JSON.parse(doc) as Instruction));
}

const summaryOf = (i: Instruction): InstructionSummary => ({
  id: i.id,
  by: i.givenBy,
  text: i.text,
  at: i.givenAt,
  respondBy: i.respondBy,
  status: i.status,
});

/** Every instruction on a task that `reader` may read, by task, oldest first (the ledger export's 批示 column, in one read). */
export function instructionsOnTasks(db: Database.Database, reader: Reader): Map<string, InstructionSummary[]> {
  const scope = instructionReadSql(reader);
  const rows = prepared(
    db,
    `SELECT doc FROM ${INSTRUCTIONS_TABLE} WHERE subject_kind = 'task'${scope ? ` AND ${scope.sql}` : ''} ORDER BY given_at, id`,
  )
    .pluck()
    .all(...(scope?.params ?? [])) as string[];
  const byTask = new Map<string, InstructionSummary[]>();
  for (const doc of rows) {
    const i = JSON.parse(doc) as Instruction;
    byTask.set(i.subject.id, [...(byTask.get(i.subject.id) ?? []), summaryOf(i)]);
  }
  return byTask;
}

/**
 * Instructions not closed that `reader` may read: their number, and per unit of the subject
 * (the summaries' `openInstructions`; an instruction on a matter has no unit and counts in the total only).
 */
export function openInstructionCounts(db: Database.Database, reader: Reader): { total: number; byUnit: Map<string, number> } {
  const scope = instructionReadSql(reader);
  const rows = prepared(
    db,
    `SELECT unit, COUNT(*) AS n FROM ${INSTRUCTIONS_TABLE} WHERE status IS NOT NULL AND status <> ` +
      `'closed'${scope ? ` AND ${scope.sql}` : ''} GROUP BY unit`,
  ).all(...(scope?.params ?? [])) as Array<{ unit: string | null; n: number }>;
  return {
    total: rows.reduce((sum, r) => sum + r.n, 0),
    byUnit: new Map(rows.flatMap((r) => (r.unit === null ? [] : [[r.unit, r.n] as const]))),
  };
}
