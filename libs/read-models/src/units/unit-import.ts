import { randomUUID } from 'node:crypto';
import { unitDecider, unitStream, type DomainActor, type UnitCommand, type UnitLevel, type UnitState } from '#domain';
import type { CommandSender, EventStore } from '#event-store';
import { CommandFacts } from '../facts/command-facts.js';
import { storedUnit } from './unit-ancestry.js';

/** One unit of an office's import file. */
export interface UnitImportRow {
  code: string;
  name: string;
  level: UnitLevel;
  /** The parent's code; empty or absent for a top-level unit. */
  parent?: string;
}

/** What an import did with each row. */
export interface UnitImportResult {
  registered: string[];
  moved: string[];
  unchanged: string[];
}

/**
 * Reads an import file: a JSON array of `{ code, name, level, parent? }`, or CSV with the header
 * `code,name,level,parent` (no quoting: unit codes and names hold no commas). Shape only: the
 * decider checks codes, levels and the tree when the rows are imported.
 */
export function parseUnitFile(text: string, format: 'json' | 'csv'): UnitImportRow[] {
  if (format === 'json') {
    const rows = JSON.parse(text) as unknown;
    if (!Array.isArray(rows)) throw new Error('the JSON file must hold an array of units');
    return rows.map((r: Record<string, unknown>, i) => {
      if (typeof r?.['code'] !== 'string' || typeof r['name'] !== 'string' || typeof r['level'] !== 'string')
        throw new Error(`unit ${i}: code, name and level are required strings`);
      return {
        code: r['code'],
        name: r['name'],
        level: r['level'] as UnitLevel,
        ...(typeof r['parent'] === 'string' && r['parent'] !== '' ? { parent: r['parent'] } : {}),
      };
    });
  }
  const [header, ...lines] = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (
    header
      ?.split(',')
      .map((h) => h.trim())
      .join(',') !== 'code,name,level,parent'
  )
    throw new Error('the CSV header must be code,name,level,parent');
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 4) throw new Error(`line ${i + 2}: expected 4 cells, got ${cells.length}`);
    const [code, name, level, parent] = cells as [string, string, string, string];
    return { code, name, level: level as UnitLevel, ...(parent !== '' ? { parent } : {}) };
  });
}

/**
 * Registers the file's units, parents before children whatever the file's order, and moves a
 * unit registered before under the parent the file names. Importing the same file again
 * changes nothing. Each row is one command through the command path, so the unit decider's
 * rules (codes, levels, registered parents, no cycle) hold as they do over HTTP; the facts it is
 * given about a parent are read from the store itself (the parent streams up to the top), so
 * no read model has to be running. Stops at the first refusal, naming the row.
 */
export async function importUnits(
  store: EventStore,
  sender: CommandSender,
  rows: readonly UnitImportRow[],
  actor: DomainActor,
  now: () => string,
): Promise<UnitImportResult> {
  const result: UnitImportResult = { registered: [], moved: [], unchanged: [] };
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const done = new Set<string>();
  const load = (code: string): Promise<UnitState> => storedUnit(store, code);
  const facts = new CommandFacts(store);
  const run = async (row: UnitImportRow, command: Omit<UnitCommand, 'metadata'>): Promise<void> => {
    const at = now();
    const context = {
      actor: { id: actor.id, roles: [...actor.roles] },
      occurredAt: at,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    };
    try {
      await sender.send(unitStream(row.code), unitDecider, { ...command, metadata: { actor, now: at } } as UnitCommand, { context });
    } catch (e) {
      throw new Error(`unit ${row.code}: ${(e as Error).message}`, { cause: e });
    }
  };
  const visit = async (row: UnitImportRow, path: string[]): Promise<void> => {
    if (done.has(row.code)) return;
    if (path.includes(row.code)) throw new Error(`unit ${row.code}: the file's parents form a cycle (${[...path, row.code].join(' → ')})`);
    const parentRow = row.parent !== undefined ? byCode.get(row.parent) : undefined;
    if (parentRow) await visit(parentRow, [...path, row.code]);
    done.add(row.code);
    const existing = await load(row.code);
    if (existing === null) {
      const data = {
        code: row.code,
        name: row.name,
        level: row.level,
        ...(row.parent !== undefined ? { parent: row.parent, ...(await facts.unitParent(row.parent)) } : {}),
      };
      await run(row, { type: 'RegisterUnit', data });
      result.registered.push(row.code);
    } else if (row.parent !== undefined && existing.parent !== row.parent) {
      await run(row, { type: 'MoveUnit', data: { code: row.code, parent: row.parent, ...(await facts.unitParent(row.parent)) } });
      result.moved.push(row.code);
    } else {
      result.unchanged.push(row.code);
    }
  };
  for (const row of rows) await visit(row, []);
  return result;
}
