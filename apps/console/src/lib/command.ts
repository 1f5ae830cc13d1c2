import { ref } from 'vue';
import { ApiProblem } from '../api/problem';

/**
 * One form's command at a time, for a screen with several: which form is open, whether a command
 * is running, and the API's refusal of the last one with the form it came from (shown there, in
 * the API's own words). `after` runs once a command succeeded (the screen reloads what it shows).
 */
export function useCommand(after: () => Promise<unknown> | void) {
  const open = ref<string | null>(null);
  const busy = ref(false);
  const problem = ref<ApiProblem | null>(null);
  const problemOf = ref<string | null>(null);

  /** Runs `command` for the form `action`; true when it succeeded (the form closes). */
  async function run(action: string, command: () => Promise<unknown>): Promise<boolean> {
    problem.value = null;
    problemOf.value = null;
    busy.value = true;
    try {
      await command();
      open.value = null;
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

  return {
    open,
    busy,
    run,
    toggle,
    /** The refusal of the form `action`, if its last command was refused. */
    problemFor: (action: string) => (problemOf.value === action ? problem.value : null),
    /** The API's message for one field of the form `action`, if the refusal named it. */
    fieldProblem: (action: string, field: string) => (problemOf.value === action ? problem.value?.fieldMessage(field) : undefined),
  };
}
