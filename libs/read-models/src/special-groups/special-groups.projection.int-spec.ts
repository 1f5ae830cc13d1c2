import { specialGroupDecider, specialGroupStream, type DomainActor, type SpecialGroupCommand } from '#domain';
import { executeCommand } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { specialGroupsProjection } from './special-groups.projection.js';
import {
  getSpecialGroup,
  isSpecialGroupRegistered,
  listSpecialGroups,
  registeredSpecialGroupCodes,
  specialGroupNames,
} from './special-groups.queries.js';

// The special groups read model on real SQLite, fed through the real command path.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const harness = useProjectionHarness('special-groups-');
let clock = Date.parse('2026-01-05T00:00:00.000Z');

async function run(command: Omit<SpecialGroupCommand, 'metadata'>): Promise<void> {
  clock += 1_000;
  const now = new Date(clock).toISOString();
  await executeCommand(
    harness.store,
    specialGroupStream(command.data.code),
    specialGroupDecider,
    { ...command, metadata: { actor: office, now } } as SpecialGroupCommand,
    {
      context: commandContext(office, now),
    },
  );
}

const runner = () => harness.runner(specialGroupsProjection, 'special-groups.sqlite');
const dump = (db: import('better-sqlite3').Database) => db.prepare('SELECT * FROM special_groups ORDER BY id').all();

async function fill(): Promise<void> {
  await run({
    type: 'RegisterSpecialGroup',
    data: { code: 'economy', name: '实体经济改革专项小组', lead: 'lead-1', memberUnits: ['industry-bureau'] },
  });
  await run({
    type: 'RegisterSpecialGroup',
    data: { code: 'services', name: '政务服务改革专项小组', lead: 'lead-2', deputies: ['d-1'], memberUnits: [] },
  });
  await run({ type: 'ChangeSpecialGroupMembers', data: { code: 'economy', add: ['science-bureau'], lead: 'lead-3' } });
}

describe('special groups projection', () => {
  it('keeps each group as the decider folds it, with its revision, in registration order', async () => {
    await fill();
    const r = await runner();
    expect(getSpecialGroup(r.db, 'economy')).toMatchObject({
      code: 'economy',
      lead: 'lead-3',
      memberUnits: ['industry-bureau', 'science-bureau'],
      revision: 1,
    });
    expect(getSpecialGroup(r.db, 'nope')).toBeNull();
    expect(listSpecialGroups(r.db, { limit: 50 }).map((g) => g.code)).toEqual(['economy', 'services']);
    const first = listSpecialGroups(r.db, { limit: 1 });
    expect(listSpecialGroups(r.db, { limit: 1, after: [first[0]!.createdAt, first[0]!.code] }).map((g) => g.code)).toEqual(['services']);
    expect([isSpecialGroupRegistered(r.db, 'services'), isSpecialGroupRegistered(r.db, 'nope')]).toEqual([true, false]);
    expect([...registeredSpecialGroupCodes(r.db)].sort()).toEqual(['economy', 'services']);
    expect(specialGroupNames(r.db)).toEqual(
      new Map([
        ['economy', '实体经济改革专项小组'],
        ['services', '政务服务改革专项小组'],
      ]),
    );
  });

  it('replaying the same events changes nothing', async () => {
    await fill();
    await harness.expectReplayChangesNothing(specialGroupsProjection, 'special-groups.sqlite', dump);
  });
});
