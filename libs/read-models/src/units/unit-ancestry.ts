import { unitDecider, unitStream, type UnitState } from '#domain';
import { loadStream, type EventStore } from '#event-store';

/** A unit as its own stream (`unit-<code>`) has it now: `null` when never registered. */
export async function storedUnit(store: EventStore, code: string): Promise<UnitState> {
  return (await loadStream(store, unitStream(code), unitDecider)).state;
}

/**
 * The codes above `code`, nearest first, read from the unit streams themselves (parent, then the
 * parent's parent, …), for a process that runs no read model (the reminder worker, the unit
 * import). It follows each unit's current parent, so a moved unit answers its new ancestors at
 * once. Empty for a top-level unit and for one never registered. Stops after `maxDepth` levels,
 * and at a code met twice: the unit decider keeps the tree free of cycles, but a walk should not
 * trust that to end.
 */
export async function storedUnitAncestors(store: EventStore, code: string, maxDepth = Number.POSITIVE_INFINITY): Promise<string[]> {
  const ancestors: string[] = [];
  let up = (await storedUnit(store, code))?.parent ?? null;
  while (up !== null && up !== code && !ancestors.includes(up) && ancestors.length < maxDepth) {
    ancestors.push(up);
    up = (await storedUnit(store, up))?.parent ?? null;
  }
  return ancestors;
}
