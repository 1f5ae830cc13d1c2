import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { AREAS, TASK_STATUSES, type TaskLightRule } from '#domain';
import { summarizeTasks, type TaskSummary, type TaskSummaryOptions } from './task-summary.queries.js';

type Counts = TaskSummary['byUnit'][string];

function addCounts(into: Record<string, Counts>, from: Record<string, Counts>): void {
  for (const [k, c] of Object.entries(from)) {
    const t = (into[k] ??= { total: 0, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    t.total += c.total;
    t.accepted += c.accepted;
    t.overdue += c.overdue;
    t.pendingExtensions += c.pendingExtensions;
    t.reportOverdue += c.reportOverdue;
  }
}

/**
 * {@link summarizeTasks} without holding the event loop for the whole count: a summary the
 * roll-up cannot answer (as of a past moment, a year's deadlines, a reading scope) is counted one
 * area and status at a time, each a range of the covering index, letting other requests in
 * between (a summary as of a moment over 100,000 tasks held the loop ~60 ms in one query; by
 * area alone a step still took ~25 ms on a busy run). The parts add up
 * to the one query's answer; writes between two steps change nothing of a past moment's rows
 * (later events close history rows after it), and a live scoped count is as fresh as any read.
 */
export async function summarizeTasksInSteps(
  db: Database.Database,
  atMs: number,
  rule: TaskLightRule,
  options: TaskSummaryOptions = {},
): Promise<TaskSummary> {
  const whole = !options.asOf && !options.deadlineSpan && (options.scope === undefined || options.scope.all);
  if (whole && !options.scan) return summarizeTasks(db, atMs, rule, options);
  let out: TaskSummary | null = null;
  for (const area of AREAS) {
    for (const status of TASK_STATUSES) {
      if (out !== null) await yieldToLoop();
      const part = summarizeTasks(db, atMs, rule, { ...options, part: { area, status } });
      if (out === null) {
        out = part;
        continue;
      }
      out.total += part.total;
      out.documents += part.documents;
      out.pendingExtensions += part.pendingExtensions;
      out.reportOverdue += part.reportOverdue;
      for (const s of Object.keys(out.byStatus) as Array<keyof TaskSummary['byStatus']>) out.byStatus[s] += part.byStatus[s];
      for (const l of Object.keys(out.byLight) as Array<keyof TaskSummary['byLight']>) out.byLight[l] += part.byLight[l];
      addCounts(out.byArea, part.byArea);
      addCounts(out.bySpecialGroup, part.bySpecialGroup);
      addCounts(out.byUnit, part.byUnit);
    }
  }
  return out!;
}
