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

/** Every leaf of a JSON value (objects and arrays opened, empty ones kept as leaves), in document order. */
export function flattenState(value: unknown, prefix = ''): StateLine[] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value).map(([k, v]) => [k, v] as const);
    if (entries.length === 0) return [{ path: prefix || '∅', value: Array.isArray(value) ? '[]' : '{}' }];
    return entries.flatMap(([key, v]) => flattenState(v, key.startsWith('[') ? `${prefix}${key}` : prefix ? `${prefix}.${key}` : key));
  }
  return [{ path: prefix || '∅', value: JSON.stringify(value) ?? 'undefined' }];
}

/**
 * The two states as rows by path, in the order of the state now (then paths that are gone at
 * the end): a path is changed when it is new, gone, or holds another value.
 */
export function diffStates(then: unknown, now: unknown): StateRow[] {
  const before = new Map(flattenState(then).map((l) => [l.path, l.value]));
  const after = flattenState(now);
  const rows: StateRow[] = after.map(({ path, value }) => {
    const old = before.get(path) ?? null;
    return { path, then: old, now: value, changed: old !== value };
  });
  const present = new Set(after.map((l) => l.path));
  for (const [path, value] of before) if (!present.has(path)) rows.push({ path, then: value, now: null, changed: true });
  return rows;
}
