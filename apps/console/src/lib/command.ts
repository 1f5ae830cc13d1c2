import { ref } from 'vue';
import { ApiProblem } from '../api/problem';

/**
 * Reading what a screen (or a part of one) shows: `load` runs `read` again, and an API refusal of it
 * is kept in `problem` (shown at the top) instead of thrown; anything else still throws.
 */
export function useLoad(read: () => Promise<void>) {
  const problem = ref<ApiProblem | null>(null);

  async function load(): Promise<void> {
    problem.value = null;
    try {
      await read();
    } catch (e) {
      if (e instanceof ApiProblem) problem.value = e;
      else throw e;
    }
  }

  return { problem, load };
}

/**
 * One form's command at a time, for a screen with several: which form is open, whether a command
 * is running, whether the last one succeeded, and the API's refusal of the last one with the form it
 * came from (shown there, in the API's own words). `after` runs once a command succeeded (the screen
 * reloads what it shows).
 */
export function useCommand(after: () => Promise<unknown> | void) {
  const open = ref<string | null>(null);
  const busy = ref(false);
  const done = ref(false);
  const problem = ref<ApiProblem | null>(null);
  const problemOf = ref<string | null>(null);

  /** Runs `command` for the form `action`; true when it succeeded (the form closes). */
  async function run(action: string, command: () => Promise<unknown>): Promise<boolean> {
    problem.value = null;
    problemOf.value = null;
    done.value = false;
    busy.value = true;
    try {
      await command();
      open.value = null;
      done.value = true;
      await after();
      return true;
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      problem.value = e;
      problemOf.value = action;
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** Opens a form (or closes it when it is open), forgetting the refusal of another. */
  function toggle(action: string): void {
    open.value = open.value === action ? null : action;
    if (problemOf.value !== action) problem.value = null;
  }

  /** Opens the form `action` afresh: no refusal and no "done" from before. */
  function show(action: string): void {
    open.value = action;
    done.value = false;
    problem.value = null;
  }

  /** The API's message for one field of the form `action`, if the refusal named it. */
  const fieldProblem = (action: string, field: string) => (problemOf.value === action ? problem.value?.fieldMessage(field) : undefined);

  return {
    open,
    busy,
    done,
    run,
    toggle,
    show,
    /**
     * The refusal of the form `action` as a whole, if its last command was refused; with `beside`, the
     * fields the form shows messages beside, only when it names none of them (those stand at their field).
     */
    problemFor: (action: string, beside: readonly string[] = []) =>
      problemOf.value === action && problem.value && !problem.value.namesAnyOf(beside) ? problem.value : null,
    fieldProblem,
    /** `fieldProblem` after the refusal's title (`标题：message`), for the forms that name both. */
    titledFieldProblem: (action: string, field: string) => {
      const message = fieldProblem(action, field);
      return message === undefined ? undefined : `${problem.value?.title}：${message}`;
    },
  };
}

/** The forms' state of one screen (or part), which each `CommandForm` of it is given. */
export type Command = ReturnType<typeof useCommand>;
