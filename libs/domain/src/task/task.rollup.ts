import { isTaskOverdue, TASK_STATUSES, type Task, type TaskStatus } from './task.state.js';
import type { Instant } from '../shared/time.js';

/** How a set of tasks stands: what a special group, a plan or a key point shows of its tasks. */
export interface TaskRollup {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** Tasks overdue at the moment asked ({@link isTaskOverdue}). */
  overdue: number;
  /**
   * Mean progress (0–100, one decimal) of the tasks that are not cancelled: a dropped task
   * carries out nothing, so its last percent would only blur the figure. `null` with none.
   */
  averageProgress: number | null;
}

/** Tasks of one status already counted together (one row of a grouped query). */
export interface TaskRollupPart {
  status: TaskStatus;
  count: number;
  /** How many of them are overdue. */
  overdue: number;
  /** The sum of their progress percents. */
  progressSum: number;
}

/**
 * The roll-up arithmetic, over parts counted elsewhere (by SQL, one row per status): the one
 * home of "total", "overdue" and "average progress" for groups, plans and key points.
 */
export function rollUpTaskParts(parts: Iterable<TaskRollupPart>): TaskRollup {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  let total = 0;
  let overdue = 0;
  let progressSum = 0;
  let progressCount = 0;
  for (const p of parts) {
    total += p.count;
    byStatus[p.status] += p.count;
    overdue += p.overdue;
    if (p.status !== 'cancelled') {
      progressSum += p.progressSum;
      progressCount += p.count;
    }
  }
  return { total, byStatus, overdue, averageProgress: progressCount === 0 ? null : Math.round((progressSum / progressCount) * 10) / 10 };
}

/** The roll-up of whole tasks at `now`: each task is a part of its own. */
export function rollUpTasks(tasks: Iterable<Pick<Task, 'status' | 'deadline' | 'progress'>>, now: Instant): TaskRollup {
  const parts: TaskRollupPart[] = [];
  for (const t of tasks) parts.push({ status: t.status, count: 1, overdue: isTaskOverdue(t, now) ? 1 : 0, progressSum: t.progress });
  return rollUpTaskParts(parts);
}
