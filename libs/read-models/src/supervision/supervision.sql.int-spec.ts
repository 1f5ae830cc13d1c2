import Database from 'better-sqlite3';
import {
  evolveInstruction,
  evolveUrging,
  initialInstructionState,
  initialUrgingState,
  isInstructionOverdue,
  isUrgingOverdue,
  type InstructionEvent,
  type UrgingEvent,
} from '#domain';
import { instructionsProjection } from './instructions.projection.js';
import { urgingsProjection } from './urgings.projection.js';
import { instructionOverdueSql, urgingOverdueSql } from '../overdue.sql.js';
import type { Projection } from '../projection.js';

/*
 * The urging and instruction overdue fragments evaluated by SQLite on the columns the
 * projections store, against the domain's functions on the same documents: with and without
 * a due date, answered or not, at the due instant and a millisecond either side; the fragment
 * and its NOT are complements (a NULL column must not drop a row from both).
 */
const DUE = '2026-03-10T15:59:59.999Z';
const DUE_MS = Date.parse(DUE);
const NOWS = [DUE_MS - 1, DUE_MS, DUE_MS + 1];

const issued = (replyBy: string | null): UrgingEvent => ({
  type: 'UrgingIssued',
  data: {
    urgingId: 'g1',
    taskId: 't1',
    taskTitle: 't',
    taskNumber: null,
    leadUnit: 'u',
    year: 2026,
    text: null,
    replyBy,
    issuedBy: 'o',
    issuedAt: '2026-03-01T00:00:00.000Z',
  },
});
const replied: UrgingEvent = {
  type: 'UrgingReplied',
  data: { urgingId: 'g1', taskId: 't1', leadUnit: 'u', text: 'x', late: false, repliedBy: 'd', repliedAt: '2026-03-02T00:00:00.000Z' },
};

const subject = { kind: 'task' as const, id: 't1', title: 't', unit: 'u' };
const given = (respondBy: string | null): InstructionEvent => ({
  type: 'InstructionGiven',
  data: { instructionId: 'i1', subject, text: 'x', respondBy, givenBy: 'l', givenAt: '2026-03-01T00:00:00.000Z' },
});
const responded: InstructionEvent = {
  type: 'InstructionResponded',
  data: {
    instructionId: 'i1',
    responseId: 'r',
    subject,
    text: 'x',
    first: true,
    late: false,
    respondedBy: 'd',
    respondedAt: '2026-03-02T00:00:00.000Z',
  },
};
const closed: InstructionEvent = {
  type: 'InstructionClosed',
  data: { instructionId: 'i1', subject, comment: null, closedBy: 'l', closedAt: '2026-03-02T00:00:00.000Z' },
};

/** The row the projection stores for these events (its own apply and flush), without id, revision and doc. */
function stored(
  projection: Projection,
  category: string,
  events: Array<{ type: string; data: unknown }>,
): Record<string, string | number | null> {
  const db = new Database(':memory:');
  try {
    projection.migrate(db);
    events.forEach((e, revision) =>
      projection.apply(db, {
        stream: `${category}-x`,
        revision,
        position: revision + 1,
        id: `e${revision}`,
        type: e.type,
        data: e.data,
        metadata: {},
        created: '2026-03-01T00:00:00.000Z',
      }),
    );
    projection.flush?.(db);
    const {
      id: _id,
      revision: _revision,
      doc: _doc,
      ...columns
    } = db.prepare(`SELECT * FROM ${projection.tables[0]!}`).get() as Record<string, string | number | null>;
    return columns;
  } finally {
    db.close();
  }
}

/** The fragment's answer for one row; the fragment and its NOT always disagree. */
function sqlSays(columns: Record<string, string | number | null>, fragment: string, nowMs: number): boolean {
  const db = new Database(':memory:');
  try {
    const names = Object.keys(columns);
    db.exec(`CREATE TABLE t (${names.join(', ')})`);
    db.prepare(`INSERT INTO t VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(columns));
    const yes = (db.prepare(`SELECT COUNT(*) FROM t WHERE ${fragment}`).pluck().get(nowMs) as number) === 1;
    const no = (db.prepare(`SELECT COUNT(*) FROM t WHERE NOT ${fragment}`).pluck().get(nowMs) as number) === 1;
    expect(yes).not.toBe(no);
    return yes;
  } finally {
    db.close();
  }
}

describe('supervision overdue SQL says what the domain says', () => {
  const urgings: UrgingEvent[][] = [[issued(DUE)], [issued(DUE), replied], [issued(null)]];
  it.each(urgings.flatMap((events) => NOWS.map((now) => [events, now] as const)))('urging %#', (events, now) => {
    const state = events.reduce(evolveUrging, initialUrgingState())!;
    expect(sqlSays(stored(urgingsProjection, 'urging', events), urgingOverdueSql(), now)).toBe(isUrgingOverdue(state, now));
  });

  const instructions: InstructionEvent[][] = [[given(DUE)], [given(DUE), responded], [given(DUE), closed], [given(null)]];
  it.each(instructions.flatMap((events) => NOWS.map((now) => [events, now] as const)))('instruction %#', (events, now) => {
    const state = events.reduce(evolveInstruction, initialInstructionState())!;
    expect(sqlSays(stored(instructionsProjection, 'instruction', events), instructionOverdueSql(), now)).toBe(
      isInstructionOverdue(state, now),
    );
  });
});
