/** One leaf of a state, by its path (`milestones[0].due`), with its value as JSON text. */
export interface StateLine {
  path: string;
  value: string;
}

/** A state side by side with another: each path's value then and now, and whether it changed. */
export interface StateRow {
  path: string;
  then: string | null;
  now: string | null;
  changed: boolean;
}

/**
 * A list the API answered with its last items only (`GET /audit/streams/:stream/state`'s
 * `shortened`): its path, its length, the index of the first item answered.
 */
export interface ShortenedList {
  path: string;
  total: number;
  from: number;
}

/** A state as the audit answers it: the state, and its lists that hold only their last items. */
export interface AnsweredState {
  state: unknown;
  shortened?: readonly ShortenedList[];
}

/**
 * Every leaf of a JSON value (objects and arrays opened, empty ones kept as leaves), in document
 * order; the items of a shortened list are named by their index in the whole list.
 */
export function flattenState(value: unknown, prefix = '', shortened: readonly ShortenedList[] = []): StateLine[] {
  if (value !== null && typeof value === 'object') {
    const from = Array.isArray(value) ? (shortened.find((l) => l.path === prefix)?.from ?? 0) : 0;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i + from}]`, v] as const)
      : Object.entries(value).map(([k, v]) => [k, v] as const);
    if (entries.length === 0) return [{ path: prefix || '∅', value: Array.isArray(value) ? '[]' : '{}' }];
    return entries.flatMap(([key, v]) =>
      flattenState(v, key.startsWith('[') ? `${prefix}${key}` : prefix ? `${prefix}.${key}` : key, shortened),
    );
  }
  return [{ path: prefix || '∅', value: JSON.stringify(value) ?? 'undefined' }];
}

/** Whether `path` is an item (or inside one) that a shortened list of the other answer left out. */
function leftOut(path: string, shortened: readonly ShortenedList[]): boolean {
  return shortened.some((l) => {
    if (!path.startsWith(`${l.path}[`)) return false;
    const index = Number.parseInt(path.slice(l.path.length + 1), 10);
    return index < l.from;
  });
}

/**
 * The two states as rows by path, in the order of the state now (then paths that are gone at
 * the end): a path is changed when it is new, gone, or holds another value. An item one side
 * answered and the other left out of a shortened list is not a row: neither new nor gone.
 */
export function diffStates(then: AnsweredState, now: AnsweredState): StateRow[] {
  const before = new Map(flattenState(then.state, '', then.shortened).map((l) => [l.path, l.value]));
  const after = flattenState(now.state, '', now.shortened).filter((l) => before.has(l.path) || !leftOut(l.path, then.shortened ?? []));
  const rows: StateRow[] = after.map(({ path, value }) => {
    const old = before.get(path) ?? null;
    return { path, then: old, now: value, changed: old !== value };
  });
  const present = new Set(after.map((l) => l.path));
  for (const [path, value] of before) {
    if (!present.has(path) && !leftOut(path, now.shortened ?? [])) rows.push({ path, then: value, now: null, changed: true });
  }
  return rows;
}
