/*
 * Helpers for specs, kept out of the production barrel (`index.ts`): the domain's specs import
 * this file directly, other libs' specs as `#domain/testing` (only specs and test helpers may:
 * `npm run depcheck`).
 */
import type { AssessmentRules } from './assessment/assessment.rules.js';
import type { Command, Decider, Event } from './shared/decider.js';
import { DomainError } from './shared/domain-error.js';

/** Folds events into state with a decider's `initialState` and `evolve`. */
export function fold<E extends Event, S>(decider: Pick<Decider<Command, E, S>, 'initialState' | 'evolve'>, events: Iterable<E>): S {
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/**
 * Decider specs' given(events).when(command).then(events | error code). No test-runner
 * dependency, so the domain stays free of imports.
 */
export function specFor<C extends Command, E extends Event, S>(decider: Decider<C, E, S>) {
  return (given: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        /** The events the decider returns, compared structurally. */
        thenEvents: (): E[] => run(),
        /** The code of the DomainError the decider throws, or a message if it did not throw one. */
        thenErrorCode: (): string => {
          try {
            run();
          } catch (e) {
            if (e instanceof DomainError) return e.code;
            throw e;
          }
          return '(no error thrown)';
        },
        /** The whole DomainError, for specs that check its kind or path. */
        thenError: (): DomainError => {
          try {
            run();
          } catch (e) {
            if (e instanceof DomainError) return e;
            throw e;
          }
          throw new Error('expected a DomainError, none thrown');
        },
      };
    },
  });
}

/**
 * config/assessment-rules.json's required rules, as the scoreboard specs score with them (the domain reads no files);
 * `extra` adds or overrides the optional rules a spec is about.
 */
export function specAssessmentRules(extra: Partial<AssessmentRules['rules']> = {}): AssessmentRules {
  return {
    version: 'spec',
    base: 100,
    bonusCap: 20,
    floor: 0,
    rules: {
      'task.overdue': { points: -2 },
      'finding.overdue': { pointsPerWeek: -1, maxPerFinding: -5 },
      'finding.rejected': { points: -1 },
      'action_item.overdue': { points: -1 },
      exemplar: { city: 5, province: 10, national: 20 },
      evaluation: { excellent: 3, good: 1, fair: 0, poor: -3 },
      ...extra,
    },
  };
}
