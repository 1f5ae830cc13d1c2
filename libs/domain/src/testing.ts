/*
 * Helpers for the domain's specs, kept out of the production barrel (`index.ts`): specs import
 * this file directly.
 */
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
