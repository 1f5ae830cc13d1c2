import { readableEvaluatorUnit } from '../evaluation/evaluation.decider.js';
import type { Evaluation } from '../evaluation/evaluation.state.js';
import type { Task } from '../task/task.state.js';
import type { Reader } from './reader.js';

/**
 * What a reader may see of the ledger (tasks, plans, key points, groups, units, decisions and
 * their summaries): `all` for every role but `evaluator`; for an evaluator only the subjects
 * of the evaluations commissioned from its organisation, as sets of task ids, lead units and
 * special groups (a task, a unit's tasks, a group's tasks).
 */
export type LedgerScope =
  { all: true } | { all: false; taskIds: ReadonlySet<string>; units: ReadonlySet<string>; groups: ReadonlySet<string> };

/** The facts of an evaluation the ledger scope needs. */
export type CommissionFacts = Pick<Evaluation, 'subject' | 'evaluatorUnit'>;

/**
 * The reader's {@link LedgerScope}, from the evaluations it may be commissioned by (any list:
 * those of other organisations are ignored here, so a caller cannot widen the scope by passing
 * too many). Who is bound to an organisation is the evaluations' own rule
 * (`readableEvaluatorUnit`: a user whose only role is `evaluator`); a user without any role is
 * not an evaluator, and reads the ledger as every route open to `any` user always let it.
 */
export function ledgerScope(reader: Reader, evaluations: Iterable<CommissionFacts>): LedgerScope {
  const organisation = reader.roles.includes('evaluator') ? readableEvaluatorUnit(reader) : null;
  if (organisation === null) return { all: true };
  const taskIds = new Set<string>();
  const units = new Set<string>();
  const groups = new Set<string>();
  if (organisation !== '') {
    for (const e of evaluations) {
      if (e.evaluatorUnit !== organisation) continue;
      if (e.subject.kind === 'task') taskIds.add(e.subject.id);
      else if (e.subject.kind === 'unit') units.add(e.subject.id);
      else groups.add(e.subject.id);
    }
  }
  return { all: false, taskIds, units, groups };
}

/**
 * `true` when a task is in the scope: the whole ledger, or a commissioned task, or led by a commissioned unit, or of a commissioned group.
 */
export function canReadTask(scope: LedgerScope, task: Pick<Task, 'id' | 'leadUnit' | 'specialGroup'>): boolean {
  return scope.all || scope.taskIds.has(task.id) || scope.units.has(task.leadUnit) || scope.groups.has(task.specialGroup);
}

/** `true` when a unit (its page, its summary) is in the scope: the whole ledger, or a commissioned unit. */
export function canReadUnit(scope: LedgerScope, code: string): boolean {
  return scope.all || scope.units.has(code);
}

/** `true` when a special group is in the scope: the whole ledger, or a commissioned group. */
export function canReadSpecialGroup(scope: LedgerScope, code: string): boolean {
  return scope.all || scope.groups.has(code);
}

/** `true` when plans, key points and committee decisions are readable: only with the whole ledger (they are no evaluation's subject). */
export function canReadLedgerWide(scope: LedgerScope): boolean {
  return scope.all;
}
