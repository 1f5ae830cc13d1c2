import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { jest } from '@jest/globals';
import { specAssessmentRules } from '#domain/testing';
import type { RecordedEvent } from '#event-store';
import { useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { scoreboardProjectionFor } from './scoreboard.projection.js';
import { SCORE_SUBJECTS_TABLE } from './scoreboard.tables.js';

// The scoreboard's work per event does not grow with the length of a task's stream (issue #31:
// a 10,000-event task stream took minutes to project, each report reading and rewriting facts
// that held every earlier report). Counted, not timed: the JSON the projection parses and writes
// and the rows it changes, per 1,000 events, as the runner applies them (500 a transaction).

const RULES = specAssessmentRules({ 'task.report_missed': { points: -0.5, maxPerTask: -2 } });
const EVENTS = 10_000;
const realParse = JSON.parse.bind(JSON);
const realStringify = JSON.stringify.bind(JSON);
const h = useProjectionHarness('scoreboard-work-');

/** A weekly-reporting task registered at `start`, then reported on every 50 ms (all in one quarter hour). */
async function longTaskStream(start: number): Promise<RecordedEvent[]> {
  const taskId = randomUUID();
  const stream = `task-${taskId}`;
  const at = (i: number) => new Date(start + i * 50).toISOString();
  const events = [
    {
      type: 'TaskRegistered',
      data: {
        taskId,
        title: '一网通办',
        area: 'government_services',
        specialGroup: 'sg',
        leadUnit: 'unit-a',
        responsible: 'r',
        evaluationStandard: 's',
        deadline: '2026-09-30T10:00:00.000Z',
        milestones: [],
        keyPoint: null,
        reportEvery: 'weekly',
        registeredBy: 'office',
        registeredAt: at(0),
      },
    },
    ...Array.from({ length: EVENTS - 1 }, (_, i) => ({
      type: 'TaskProgressReported',
      data: { taskId, percent: Math.min(99, i), note: `进展 ${i}`, reportedBy: 'dept', reportedAt: at(i + 1) },
    })),
  ];
  for (let i = 0; i < events.length; i += 1_000) {
    const chunk = events.slice(i, i + 1_000).map((e) => ({ id: randomUUID(), ...e, metadata: {} }));
    await h.store.appendToStream(stream, chunk, { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
  }
  const recorded: RecordedEvent[] = [];
  for await (const e of h.store.readStream(stream)) recorded.push(e);
  return recorded;
}

describe('scoreboard projection: work per event on one long task stream', () => {
  it('given a task reported on 9,999 times, when its events are projected, then each 1,000 costs what the 2nd did', async () => {
    const events = await longTaskStream(Date.UTC(2026, 2, 2, 1, 0));
    expect(events).toHaveLength(EVENTS);
    const projection = scoreboardProjectionFor({ rules: RULES, timeZone: 'Asia/Shanghai' });
    const db = new Database(path.join(h.dir, 'scoreboard.sqlite'));
    projection.migrate(db);
    let json = 0;
    const parse = jest.spyOn(JSON, 'parse');
    const stringify = jest.spyOn(JSON, 'stringify');
    const work: Array<{ json: number; rows: number }> = [];
    try {
      const changes = db.prepare('SELECT total_changes()').pluck();
      parse.mockImplementation((text, reviver) => {
        json += text.length;
        return realParse(text, reviver) as unknown;
      });
      stringify.mockImplementation((value: unknown, replacer?: (number | string)[] | null, space?: string | number) => {
        const text = realStringify(value, replacer, space);
        json += text?.length ?? 0;
        return text;
      });
      for (let i = 0; i < EVENTS; i += 1_000) {
        const [jsonBefore, rowsBefore] = [json, changes.get() as number];
        for (let b = i; b < i + 1_000; b += 500) {
          db.transaction(() => {
            for (const e of events.slice(b, b + 500)) projection.apply(db, e);
            projection.flush?.(db);
          })();
        }
        work.push({ json: json - jsonBefore, rows: (changes.get() as number) - rowsBefore });
        // The spies need not remember every text they saw: only their lengths are counted.
        parse.mockClear();
        stringify.mockClear();
      }
    } finally {
      parse.mockRestore();
      stringify.mockRestore();
    }
    const facts = JSON.parse(db.prepare(`SELECT doc FROM ${SCORE_SUBJECTS_TABLE}`).pluck().get() as string) as {
      reporting: { reports: Array<{ revision: number }> };
    };
    db.close();
    // What was projected: the task's facts, with the last report of the quarter hour (the only one that can change a score).
    expect(facts.reporting.reports.map((r) => r.revision)).toEqual([EVENTS - 1]);
    // Every 1,000 events after the first (which writes the task's rows for the first time) cost
    // what the second did: the same rows, and the same JSON but for the revision numbers' digits.
    const [, second, ...rest] = work;
    expect(second!.json).toBeGreaterThan(0);
    expect(second!.rows).toBeGreaterThan(0);
    for (const w of rest) {
      expect(w.json).toBeLessThanOrEqual(second!.json * 1.01);
      expect(w.rows).toBeLessThanOrEqual(second!.rows);
    }
  });
});
