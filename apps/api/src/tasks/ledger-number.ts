import type { CommandBus } from '@nestjs/cqrs';
import { calendarYearOf, ledgerNumber, yearlySequence } from '#domain';
import { legacyTaskCount } from '#read-models';
import type { AppConfig, ProjectionsService } from '#platform';
import type { RequestContext } from '../http/request-context.js';
import { assignNumber } from '../supervision/numbering.js';

/**
 * The ledger number of a task about to be registered (`2026-0001`): the next of the yearly
 * sequence `task.<year>` (calendar year of the request in DISPLAY_TIMEZONE), decided by the
 * event store, so concurrent registrations get distinct numbers with no gap. The sequence
 * starts after the tasks of that year recorded before numbers existed, which the ledger
 * numbers 1..n in registration order: it is read once the ledger has folded the whole store
 * (a ledger still rebuilding would count too few). A repeat of the request (same
 * `Idempotency-Key`, so the same task id) gets the same number back.
 */
export async function numberNewTask(
  bus: CommandBus,
  projections: ProjectionsService,
  config: AppConfig,
  ctx: RequestContext,
  taskId: string,
): Promise<string> {
  const year = calendarYearOf(ctx.metadata.now, config.DISPLAY_TIMEZONE);
  await projections.waitForHead(['task-ledger']);
  const startAfter = legacyTaskCount(projections.runner('task-ledger').db, year);
  return ledgerNumber(year, await assignNumber(bus, ctx, yearlySequence('task', year), taskId, startAfter));
}
