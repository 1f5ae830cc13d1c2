/** A list of a state that an audit answer carries only the last items of. */
export interface ShortenedList {
  /** Where it is in the state: `progressReports`, `items[3].updates` (indices as in the whole state), `''` for the state itself. */
  path: string;
  /** How many items it holds. */
  total: number;
  /** The index (in the whole list) of the first item answered: the answer holds items `from` to `total - 1`. */
  from: number;
}

/** A folded state as `GET /audit/streams/:stream/state` answers it. */
export interface AuditStateView {
  state: unknown;
  /** The lists answered with their last items only, outer lists before the lists inside them; empty when none was. */
  shortened: ShortenedList[];
}

/**
 * The state with every list of more than `items` items (at any depth) cut to its last `items`,
 * and which lists were cut; `items` 0 keeps every item. A state's lists are mostly what its
 * stream appended to (a task's progress reports, an inbox's notifications), so the last items
 * are the ones nearest the moment asked about, and the answer no longer grows with the stream:
 * a task of 10,000 reports answered 830 KB in full. The events themselves stay readable one by
 * one (`GET /audit/streams/:stream`).
 */
export function auditStateView(state: unknown, items: number): AuditStateView {
  const shortened: ShortenedList[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const from = items > 0 && value.length > items ? value.length - items : 0;
      if (from > 0) shortened.push({ path, total: value.length, from });
      const kept: unknown[] = [];
      for (let i = from; i < value.length; i++) kept.push(walk(value[i], `${path}[${i}]`));
      return kept;
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = walk(v, path ? `${path}.${key}` : key);
    return out;
  };
  return { state: walk(state, ''), shortened };
}
