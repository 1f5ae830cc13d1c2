import { ledgerScope, readableEvaluatorUnit, type DomainActor, type LedgerScope } from '#domain';
import { commissionsOf } from '#read-models';
import type { ProjectionsService } from '#platform';

/**
 * The caller's reading scope of the ledger (`ledgerScope`): the whole ledger for every role but
 * `evaluator`, without a query; for an evaluator the subjects commissioned from its
 * organisation, read from the evaluations read model at the moment asked.
 */
export function ledgerScopeOf(projections: ProjectionsService, actor: DomainActor): LedgerScope {
  const organisation = actor.roles.includes('evaluator') ? readableEvaluatorUnit(actor) : null;
  if (organisation === null || organisation === '') return ledgerScope(actor, []);
  return ledgerScope(actor, commissionsOf(projections.runner('evaluations').db, organisation));
}
