import { unitDecider, unitStream, type DomainActor, type UnitCommand, type UnitLevel } from '#domain';
import { executeCommand, storeCommandSender } from '#event-store';
import type Database from 'better-sqlite3';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { unitsProjection } from './units.projection.js';
import { importUnits, parseUnitFile } from './unit-import.js';
import { storedUnitAncestors } from './unit-ancestry.js';
import { getUnitView, isUnitRegistered, listUnits, unitAncestors, unitSubtree } from './units.queries.js';

// The tree of units on real SQLite, fed through the real command path; the facts a decider is
// given (a parent's ancestors) are read from this read model, as the API does.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const harness = useProjectionHarness('units-');
let clock = Date.parse('2026-01-05T00:00:00.000Z');

async function run(db: Database.Database | null, command: Omit<UnitCommand, 'metadata'>): Promise<void> {
  clock += 1_000;
  const now = new Date(clock).toISOString();
  const parent = command.type === 'MoveUnit' ? command.data.parent : command.data.parent;
  const facts =
    parent !== undefined && db
      ? { parentRegistered: isUnitRegistered(db, parent), parentAncestors: unitAncestors(db, parent) }
      : { parentRegistered: true, parentAncestors: [] };
  await executeCommand(
    harness.store,
    unitStream(command.data.code),
    unitDecider,
    { ...command, data: { ...command.data, ...facts }, metadata: { actor: office, now } } as UnitCommand,
    {
      context: commandContext(office, now),
    },
  );
}
const reg = (code: string, level: UnitLevel, parent?: string) => ({
  type: 'RegisterUnit' as const,
  data: { code, name: code, level, ...(parent ? { parent } : {}) },
});
const runner = () => harness.runner(unitsProjection, 'units.sqlite');
const dump = (db: Database.Database) => db.prepare('SELECT * FROM unit_closure ORDER BY ancestor, descendant').all();

// city ← nanguan ← {yongxing ← shengli, ziqiang}; city ← chaoyang ← hongqi
async function fill(): Promise<void> {
  for (const [code, level, parent] of [
    ['city', 'city', undefined],
    ['nanguan', 'district', 'city'],
    ['chaoyang', 'district', 'city'],
    ['yongxing', 'street', 'nanguan'],
    ['ziqiang', 'street', 'nanguan'],
    ['shengli', 'community', 'yongxing'],
    ['hongqi', 'street', 'chaoyang'],
  ] as const) {
    await run(null, reg(code, level, parent));
  }
}

describe('units projection', () => {
  it('answers subtrees, ancestors and children of the tree, and treats an unregistered unit as a leaf at the top', async () => {
    await fill();
    const r = await runner();
    expect(unitSubtree(r.db, 'nanguan').sort()).toEqual(['nanguan', 'shengli', 'yongxing', 'ziqiang']);
    expect(unitSubtree(r.db, 'city')).toHaveLength(7);
    expect(unitSubtree(r.db, 'never-registered')).toEqual(['never-registered']);
    expect(unitAncestors(r.db, 'shengli')).toEqual(['yongxing', 'nanguan', 'city']);
    expect(unitAncestors(r.db, 'never-registered')).toEqual([]);
    const view = getUnitView(r.db, 'yongxing');
    expect(view).toMatchObject({ code: 'yongxing', parent: 'nanguan', level: 'street', revision: 0 });
    expect(view?.ancestors.map((a) => a.code)).toEqual(['city', 'nanguan']);
    expect(view?.children).toEqual([{ code: 'shengli', name: 'shengli', level: 'community' }]);
    expect(getUnitView(r.db, 'nope')).toBeNull();
    expect(listUnits(r.db, { under: 'nanguan', limit: 2 }).map((u) => u.code)).toEqual(['nanguan', 'shengli', 'yongxing']);
    expect(listUnits(r.db, { under: 'nanguan', limit: 50, after: 'shengli' }).map((u) => u.code)).toEqual(['yongxing', 'ziqiang']);
    expect(listUnits(r.db, { limit: 50 })).toHaveLength(7);
  });

  it('moves a whole subtree: the closure has exactly the pairs of the new tree', async () => {
    await fill();
    const r = await runner();
    await run(r.db, { type: 'MoveUnit', data: { code: 'yongxing', parent: 'hongqi', parentRegistered: true, parentAncestors: [] } });
    const head = await harness.store.headPosition();
    await r.waitFor(head!, 10_000);
    expect(unitAncestors(r.db, 'shengli')).toEqual(['yongxing', 'hongqi', 'chaoyang', 'city']);
    expect(unitSubtree(r.db, 'nanguan').sort()).toEqual(['nanguan', 'ziqiang']);
    expect(unitSubtree(r.db, 'chaoyang').sort()).toEqual(['chaoyang', 'hongqi', 'shengli', 'yongxing']);
    // Each unit with itself (7), plus one pair per unit and ancestor, counted by hand in the new
    // tree: city 0, nanguan 1, chaoyang 1, ziqiang 2, hongqi 2, yongxing 3, shengli 4 = 13.
    expect(dump(r.db)).toHaveLength(7 + 13);
  });

  it('refuses through the read model facts a move under its own descendant', async () => {
    await fill();
    const r = await runner();
    await expect(
      run(r.db, { type: 'MoveUnit', data: { code: 'nanguan', parent: 'shengli', parentRegistered: true, parentAncestors: [] } }),
    ).rejects.toMatchObject({
      code: 'UNIT.CYCLE',
    });
  });

  it('replaying the same events changes nothing', async () => {
    await fill();
    await harness.expectReplayChangesNothing(unitsProjection, 'units.sqlite', dump);
  });
});

describe('unit import (admin CLI)', () => {
  const admin: DomainActor = { id: 'admin-cli', roles: ['admin'] };
  const now = () => new Date((clock += 1_000)).toISOString();
  const csv = [
    'code,name,level,parent',
    'yongxing,永兴街道,street,nanguan',
    'nanguan,南关区,district,city',
    'city,长春市,city,',
    'shengli,胜利社区,community,yongxing',
  ].join('\n');

  it('registers a CSV tree parents first, and a second import changes nothing', async () => {
    const rows = parseUnitFile(csv, 'csv');
    const sender = storeCommandSender(harness.store);
    expect(await importUnits(harness.store, sender, rows, admin, now)).toEqual({
      registered: ['city', 'nanguan', 'yongxing', 'shengli'],
      moved: [],
      unchanged: [],
    });
    expect(await importUnits(harness.store, sender, rows, admin, now)).toMatchObject({
      registered: [],
      moved: [],
      unchanged: ['city', 'nanguan', 'yongxing', 'shengli'],
    });
    const r = await runner();
    expect(unitAncestors(r.db, 'shengli')).toEqual(['yongxing', 'nanguan', 'city']);
    expect(getUnitView(r.db, 'nanguan')).toMatchObject({ name: '南关区', level: 'district' });
  });

  it('moves a unit the JSON file puts elsewhere, and refuses a file whose move would make a cycle', async () => {
    const sender = storeCommandSender(harness.store);
    await importUnits(harness.store, sender, parseUnitFile(csv, 'csv'), admin, now);
    const moved = [
      { code: 'chaoyang', name: '朝阳区', level: 'district', parent: 'city' },
      { code: 'yongxing', name: '永兴街道', level: 'street', parent: 'chaoyang' },
    ];
    expect(await importUnits(harness.store, sender, parseUnitFile(JSON.stringify(moved), 'json'), admin, now)).toEqual({
      registered: ['chaoyang'],
      moved: ['yongxing'],
      unchanged: [],
    });
    const cycle = [{ code: 'city', name: '长春市', level: 'city', parent: 'shengli' }];
    await expect(importUnits(harness.store, sender, parseUnitFile(JSON.stringify(cycle), 'json'), admin, now)).rejects.toThrow(
      /unit city: .*city itself or lies below it/,
    );
    expect(() => parseUnitFile('code,name\nx,y', 'csv')).toThrow(/header/);
  });
});

describe('unit ancestors read from the unit streams (no read model)', () => {
  it('answers them nearest first, the current parent after a move, none for a top or unknown unit, no further than asked', async () => {
    await fill();
    expect(await storedUnitAncestors(harness.store, 'shengli')).toEqual(['yongxing', 'nanguan', 'city']);
    expect(await storedUnitAncestors(harness.store, 'city')).toEqual([]);
    expect(await storedUnitAncestors(harness.store, 'never-registered')).toEqual([]);
    expect(await storedUnitAncestors(harness.store, 'shengli', 2)).toEqual(['yongxing', 'nanguan']);
    await run(null, { type: 'MoveUnit', data: { code: 'yongxing', parent: 'hongqi', parentRegistered: true, parentAncestors: [] } });
    expect(await storedUnitAncestors(harness.store, 'shengli')).toEqual(['yongxing', 'hongqi', 'chaoyang', 'city']);
    // The read model, once caught up, agrees with the walk.
    const r = await runner();
    expect(unitAncestors(r.db, 'shengli')).toEqual(await storedUnitAncestors(harness.store, 'shengli'));
  });
});
