import { isTaskOnLedger } from '#read-models';
import type { ProjectionsService } from '#platform';
import { ValidationProblem } from './problem.filter.js';

/**
 * Refuses `taskIds` that name no task of the ledger (400, one error per `taskIds[i]`). Another
 * aggregate sees only its own stream, so references to tasks are checked here, against the
 * local task ledger, which the command bus keeps read-your-writes current.
 */
export function requireTasksOnLedger(projections: ProjectionsService, taskIds: readonly string[]): void {
  const ledger = projections.runner('task-ledger').db;
  const unknown = taskIds.flatMap((taskId, i) =>
    isTaskOnLedger(ledger, taskId) ? [] : [{ path: `taskIds[${i}]`, rule: 'taskNotOnLedger', params: { taskId } }],
  );
  if (unknown.length > 0) throw new ValidationProblem(unknown);
}
