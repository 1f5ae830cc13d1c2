import { ref, type Ref } from 'vue';
import { ApiProblem } from '../api/problem';

/**
 * A ledger paged by the API's cursors: `load(n)` reads page n (the cursors of the pages read so far
 * are kept, so ‹ goes back), `first()` starts again from page 0 (new filters or order), `download`
 * runs an export of the same filters. An API refusal of either is kept in `problem` instead of thrown.
 */
export function useCursorPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const rows = ref([]) as Ref<T[]>;
  const cursors = ref<Array<string | undefined>>([undefined]);
  const next = ref<string | null>(null);
  const page = ref(0);
  const loading = ref(false);
  const exporting = ref(false);
  const problem = ref<ApiProblem | null>(null);

  /** Runs `work` with `flag` up, keeping the API's refusal in `problem`. */
  async function guarded(flag: Ref<boolean>, work: () => Promise<void>): Promise<void> {
    flag.value = true;
    problem.value = null;
    try {
      await work();
    } catch (e) {
      if (e instanceof ApiProblem) problem.value = e;
      else throw e;
    } finally {
      flag.value = false;
    }
  }

  const load = (at = 0) =>
    guarded(loading, async () => {
      const answer = await read(cursors.value[at]);
      rows.value = answer.items;
      next.value = answer.nextCursor;
      cursors.value = [...cursors.value.slice(0, at + 1), ...(answer.nextCursor ? [answer.nextCursor] : [])];
      page.value = at;
    });

  function first(): Promise<void> {
    cursors.value = [undefined];
    return load(0);
  }

  const download = (get: () => Promise<unknown>) =>
    guarded(exporting, async () => {
      await get();
    });

  return { rows, next, page, loading, exporting, problem, load, first, download };
}
