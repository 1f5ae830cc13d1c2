import type Database from 'better-sqlite3';
import { planDecider, planStream, type DomainActor, type PlanCommand } from '#domain';
import { executeCommand } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { plansProjection } from './plans.projection.js';
import { getPlan, keyPointTitle, listKeyPoints, listPlans } from './plans.queries.js';

// The plans read model on real SQLite, fed through the real command path.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const harness = useProjectionHarness('plans-');
let clock = Date.parse('2026-01-05T00:00:00.000Z');

async function run(command: Omit<PlanCommand, 'metadata'>): Promise<void> {
  clock += 1_000;
  const now = new Date(clock).toISOString();
  await executeCommand(
    harness.store,
    planStream(command.data.planId),
    planDecider,
    { ...command, metadata: { actor: office, now } } as PlanCommand,
    {
      context: commandContext(office, now),
    },
  );
}

const runner = () => harness.runner(plansProjection, 'plans.sqlite');
const dump = (db: Database.Database) => ({
  plans: db.prepare('SELECT * FROM plans ORDER BY id').all(),
  keyPoints: db.prepare('SELECT * FROM key_points ORDER BY id').all(),
});

async function fill(): Promise<void> {
  await run({ type: 'RegisterPlan', data: { planId: 'p1', title: '规划一', periodFrom: 2024, periodTo: 2028 } });
  await run({ type: 'RegisterPlan', data: { planId: 'p2', title: '规划二', periodFrom: 2026, periodTo: 2026 } });
  await run({
    type: 'AddKeyPoint',
    data: {
      planId: 'p1',
      keyPointId: 'k1',
      year: 2026,
      title: '一网通办',
      area: 'government_services',
      specialGroup: 'services',
      specialGroupRegistered: true,
    },
  });
  await run({ type: 'AddKeyPoint', data: { planId: 'p1', keyPointId: 'k2', year: 2027, title: '公交都市', area: 'livelihood' } });
  await run({ type: 'AddKeyPoint', data: { planId: 'p2', keyPointId: 'k3', year: 2026, title: '河长制', area: 'urban_development' } });
}

describe('plans projection', () => {
  it('keeps each plan with its key points, and one row per key point for the filters', async () => {
    await fill();
    const r = await runner();
    expect(getPlan(r.db, 'p1')).toMatchObject({
      id: 'p1',
      revision: 2,
      keyPoints: [
        { id: 'k1', year: 2026 },
        { id: 'k2', year: 2027 },
      ],
    });
    expect(listPlans(r.db, { limit: 50 }).map((p) => p.id)).toEqual(['p1', 'p2']);
    const ids = (f: Omit<Parameters<typeof listKeyPoints>[1], 'limit'>) => listKeyPoints(r.db, { limit: 50, ...f }).map((k) => k.id);
    expect(ids({})).toEqual(['k1', 'k2', 'k3']);
    expect(ids({ planId: 'p1' })).toEqual(['k1', 'k2']);
    expect(ids({ year: 2026 })).toEqual(['k1', 'k3']);
    expect(ids({ area: 'livelihood' })).toEqual(['k2']);
    expect(ids({ specialGroup: 'services' })).toEqual(['k1']);
    expect(ids({ excluding: ['k1', 'k3'] })).toEqual(['k2']);
    expect(ids({ including: ['k3'] })).toEqual(['k3']);
    expect(listKeyPoints(r.db, { limit: 50, planId: 'p1' })[0]).toEqual({
      id: 'k1',
      planId: 'p1',
      year: 2026,
      title: '一网通办',
      area: 'government_services',
      specialGroup: 'services',
      createdAt: expect.any(String),
    });
    expect([keyPointTitle(r.db, 'k2'), keyPointTitle(r.db, 'nope')]).toEqual(['公交都市', null]);
  });

  it('replaying the same events changes nothing', async () => {
    await fill();
    await harness.expectReplayChangesNothing(plansProjection, 'plans.sqlite', dump);
  });
});
