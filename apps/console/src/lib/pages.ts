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

/** One page of a list the API pages by cursor. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Several lists the API pages by cursor, read one after the other as one list (督办中心's open notices: those
 * past their reply date first, sent then acknowledged, then the others), for `useCursorPages`: a page of `limit`
 * fills from one list and goes on into the next when that one ends. Its cursor names the list it stopped in
 * and that list's own cursor.
 */
export function chainedPages<T>(
  lists: ReadonlyArray<(cursor: string | undefined, limit: number) => Promise<CursorPage<T>>>,
  limit: number,
): (cursor: string | undefined) => Promise<CursorPage<T>> {
  return async (cursor) => {
    let [at, inner] = cursor ? (JSON.parse(cursor) as [number, string | null]) : [0, null];
    const items: T[] = [];
    while (at < lists.length && items.length < limit) {
      const page = await lists[at]!(inner ?? undefined, limit - items.length);
      items.push(...page.items);
      if (page.nextCursor) inner = page.nextCursor;
      else [at, inner] = [at + 1, null];
    }
    return { items, nextCursor: at < lists.length ? JSON.stringify([at, inner]) : null };
  };
}
