import type Database from 'better-sqlite3';
import { DEFAULT_INSPECTION_POLICY, inspectionDeciderFor, type DomainActor, type InspectionCommand, type Severity } from '#domain';
import { executeCommand, loadStream, type RecordedEvent } from '#event-store';
import type { ProjectionRunner } from '../projection-runner.js';
import type { Projection } from '../projection.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { inspectionsProjection } from './inspections.projection.js';
import {
  getFinding,
  getInspection,
  listInspections,
  listOpenFindingsWithDue,
  listRectifications,
  summarizeRectifications,
} from './inspections.queries.js';
import { rectificationLedgerProjection } from './rectification-ledger.projection.js';

// Decides as a deployment that configured nothing (the default calendar).
const inspectionDecider = inspectionDeciderFor(DEFAULT_INSPECTION_POLICY);

// Both inspection read models on real SQLite: events appended through the real command path
// into a real SqliteEventStore, applied by real ProjectionRunners.

const inspector: DomainActor = { id: 'insp-1', roles: ['inspector'], unit: 'supervision-office' };
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const harness = useProjectionHarness('inspections-rm-');
let clock: number;

async function run(inspectionId: string, command: Omit<InspectionCommand, 'metadata'>, actor: DomainActor = inspector): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  const context = commandContext(actor, now);
  await executeCommand(
    harness.store,
    `inspection-${inspectionId}`,
    inspectionDecider,
    { ...command, metadata: { actor, now } } as InspectionCommand,
    { context },
  );
}

const dept = (unit: string): DomainActor => ({ id: `dept-${unit}`, roles: ['department'], unit });

async function finding(inspectionId: string, findingId: string, unit: string, severity: Severity, dueMs: number): Promise<void> {
  await run(inspectionId, {
    type: 'RecordFinding',
    data: { inspectionId, findingId, description: `Finding ${findingId}`, severity, responsibleUnit: unit, rectificationDue: iso(dueMs) },
  });
}

const rectify = (i: string, f: string) =>
  run(i, { type: 'RecordRectification', data: { inspectionId: i, findingId: f, description: 'done', evidence: ['e1'] } });
const verify = (i: string, f: string, outcome: 'accepted' | 'rejected') =>
  run(i, { type: 'VerifyRectification', data: { inspectionId: i, findingId: f, outcome, comment: outcome } });

/**
 * Two inspections. At NOW = T0 + 20 days:
 * - a1 water high, due T0+10: open → overdue
 * - a2 water low, due T0+30: planned
 * - a3 transport critical, due T0+5: rectified, rejected, rectified → rectified, overdue, 1 failed
 * - b1 transport medium, due T0+10 extended to T0+40: reopened after one rejection, 1 failed
 * - b2 water medium, due T0+5: closed after two rejections, 2 failed (not overdue: closed)
 */
async function fill(): Promise<void> {
  await run('a', { type: 'OpenInspection', data: { inspectionId: 'a', title: 'Water works', targetUnit: 'water-bureau' } });
  await finding('a', 'a1', 'water-bureau', 'high', T0 + 10 * DAY);
  await finding('a', 'a2', 'water-bureau', 'low', T0 + 30 * DAY);
  await run(
    'a',
    { type: 'SubmitRectificationPlan', data: { inspectionId: 'a', findingId: 'a2', plan: 'fix the pumps' } },
    dept('water-bureau'),
  );
  await finding('a', 'a3', 'transport-bureau', 'critical', T0 + 5 * DAY);
  await rectify('a', 'a3');
  await verify('a', 'a3', 'rejected');
  await rectify('a', 'a3');

  await run(
    'b',
    {
      type: 'OpenInspection',
      data: { inspectionId: 'b', title: 'Bus lanes', targetUnit: 'transport-bureau', taskIds: ['t1'], scope: 'downtown' },
    },
    { ...inspector, id: 'insp-2' },
  );
  await finding('b', 'b1', 'transport-bureau', 'medium', T0 + 10 * DAY);
  await run('b', {
    type: 'ExtendRectificationDue',
    data: { inspectionId: 'b', findingId: 'b1', due: iso(T0 + 40 * DAY), reason: 'procurement' },
  });
  await rectify('b', 'b1');
  await verify('b', 'b1', 'rejected');
  await finding('b', 'b2', 'water-bureau', 'medium', T0 + 5 * DAY);
  for (let i = 0; i < 2; i++) {
    await rectify('b', 'b2');
    await verify('b', 'b2', 'rejected');
  }
  await rectify('b', 'b2');
  await verify('b', 'b2', 'accepted');
}

const NOW = T0 + 20 * DAY;

const start = (projection: Projection, file = projection.name): Promise<ProjectionRunner> =>
  harness.runner(projection, `${file}.sqlite`, { expectNoError: false });

function dumpLedger(db: Database.Database): unknown {
  return {
    rectifications: db.prepare('SELECT * FROM rectifications ORDER BY inspection_id, finding_id').all(),
    inspections: db.prepare('SELECT * FROM rectification_inspections ORDER BY id').all(),
  };
}

beforeEach(async () => {
  clock = T0;
  await fill();
});

describe('inspections projection', () => {
  it('holds each inspection exactly as the decider folds its stream', async () => {
    const r = await start(inspectionsProjection);
    for (const id of ['a', 'b']) {
      const loaded = await loadStream(harness.store, `inspection-${id}`, inspectionDecider);
      const view = getInspection(r.db, id, NOW)!;
      const { revision, findings, ...rest } = view;
      expect(revision).toBe(loaded.revision);
      expect({ ...rest, findings: findings.map(({ overdue: _o, revision: _r, ...f }) => f) }).toEqual(loaded.state);
    }
    expect(getInspection(r.db, 'nope', NOW)).toBeNull();
  });

  it('derives overdue from the clock it is given and serves single findings', async () => {
    const r = await start(inspectionsProjection);
    const a = getInspection(r.db, 'a', NOW)!;
    expect(a.findings.map((f) => [f.id, f.status, f.overdue])).toEqual([
      ['a1', 'open', true],
      ['a2', 'planned', false],
      ['a3', 'rectified', true],
    ]);
    expect(getInspection(r.db, 'a', T0)!.findings.every((f) => !f.overdue)).toBe(true);
    expect(getFinding(r.db, 'b', 'b2', NOW)).toMatchObject({ status: 'closed', failedVerifications: 2, overdue: false, revision: 11 });
    expect(getFinding(r.db, 'b', 'zz', NOW)).toBeNull();
  });

  it('filters and pages inspections', async () => {
    await rectify('b', 'b1');
    await verify('b', 'b1', 'accepted');
    await run('b', { type: 'CloseInspection', data: { inspectionId: 'b' } });
    const r = await start(inspectionsProjection);
    expect(listInspections(r.db, { status: 'closed', limit: 10 }, NOW).map((i) => i.id)).toEqual(['b']);
    expect(listInspections(r.db, { targetUnit: 'water-bureau', limit: 10 }, NOW).map((i) => i.id)).toEqual(['a']);
    const first = listInspections(r.db, { limit: 1 }, NOW);
    expect(first.map((i) => i.id)).toEqual(['a', 'b']);
    expect(listInspections(r.db, { limit: 1, after: [first[0]!.openedAt, first[0]!.id] }, NOW).map((i) => i.id)).toEqual(['b']);
  });
});

describe('rectification ledger projection', () => {
  it('keeps one row per finding with the filter columns', async () => {
    const r = await start(rectificationLedgerProjection);
    const rows = r.db
      .prepare(
        'SELECT inspection_id, finding_id, responsible_unit, severity, status, due_ms, failed_verifications FROM ' +
          'rectifications ORDER BY inspection_id, seq',
      )
      .all();
    expect(rows).toEqual([
      {
        inspection_id: 'a',
        finding_id: 'a1',
        responsible_unit: 'water-bureau',
        severity: 'high',
        status: 'open',
        due_ms: T0 + 10 * DAY,
        failed_verifications: 0,
      },
      {
        inspection_id: 'a',
        finding_id: 'a2',
        responsible_unit: 'water-bureau',
        severity: 'low',
        status: 'planned',
        due_ms: T0 + 30 * DAY,
        failed_verifications: 0,
      },
      {
        inspection_id: 'a',
        finding_id: 'a3',
        responsible_unit: 'transport-bureau',
        severity: 'critical',
        status: 'rectified',
        due_ms: T0 + 5 * DAY,
        failed_verifications: 1,
      },
      {
        inspection_id: 'b',
        finding_id: 'b1',
        responsible_unit: 'transport-bureau',
        severity: 'medium',
        status: 'reopened',
        due_ms: T0 + 40 * DAY,
        failed_verifications: 1,
      },
      {
        inspection_id: 'b',
        finding_id: 'b2',
        responsible_unit: 'water-bureau',
        severity: 'medium',
        status: 'closed',
        due_ms: T0 + 5 * DAY,
        failed_verifications: 2,
      },
    ]);
  });

  it('agrees with the inspections read model finding by finding', async () => {
    const ledger = await start(rectificationLedgerProjection);
    const docs = await start(inspectionsProjection);
    const all = listRectifications(ledger.db, { limit: 100 }, NOW).map((row) => row.finding);
    const expected = ['a', 'b'].flatMap((id) => getInspection(docs.db, id, NOW)!.findings);
    expect([...all].sort((x, y) => x.id.localeCompare(y.id))).toEqual([...expected].sort((x, y) => x.id.localeCompare(y.id)));
  });

  it('writes only the findings an event changed', async () => {
    const r = await start(rectificationLedgerProjection);
    const revisionOf = (f: string) =>
      (r.db.prepare('SELECT revision FROM rectifications WHERE finding_id = ?').get(f) as { revision: number }).revision;
    const a1 = revisionOf('a1');
    await rectify('a', 'a2');
    expect(await r.waitFor((await harness.store.headPosition())!, 10_000)).toBe(true);
    expect(revisionOf('a1')).toBe(a1);
    expect(revisionOf('a2')).toBeGreaterThan(a1);
    // The finding view still carries the stream's revision, what If-Match compares against.
    const a1View = listRectifications(r.db, { responsibleUnit: 'water-bureau', status: 'open', limit: 10 }, NOW)[0]!.finding;
    expect(a1View.revision).toBe(revisionOf('a2'));
  });

  it('filters by unit, severity, status and overdue, earliest due first, with keyset paging', async () => {
    const r = await start(rectificationLedgerProjection);
    const ids = (f: Parameters<typeof listRectifications>[1]) => listRectifications(r.db, f, NOW).map((row) => row.finding.id);
    expect(ids({ limit: 100 })).toEqual(['a3', 'b2', 'a1', 'a2', 'b1']);
    expect(ids({ responsibleUnit: 'water-bureau', limit: 100 })).toEqual(['b2', 'a1', 'a2']);
    expect(ids({ severity: 'medium', limit: 100 })).toEqual(['b2', 'b1']);
    expect(ids({ status: 'reopened', limit: 100 })).toEqual(['b1']);
    expect(ids({ overdue: true, limit: 100 })).toEqual(['a3', 'a1']);
    expect(ids({ overdue: false, limit: 100 })).toEqual(['b2', 'a2', 'b1']);
    expect(ids({ overdue: true, responsibleUnit: 'water-bureau', limit: 100 })).toEqual(['a1']);
    expect(listRectifications(r.db, { overdue: true, limit: 100 }, T0).length).toBe(0);
    const page = listRectifications(r.db, { limit: 2 }, NOW);
    expect(page).toHaveLength(3); // limit + 1 tells the caller a next page exists
    const last = page[1]!;
    expect(ids({ limit: 100, after: [last.dueMs, last.finding.inspectionId, last.finding.id] })).toEqual(['a1', 'a2', 'b1']);
  });

  it('summarises per unit in one grouped query', async () => {
    const r = await start(rectificationLedgerProjection);
    expect(summarizeRectifications(r.db, NOW)).toEqual({
      byUnit: [
        {
          unit: 'transport-bureau',
          total: 2,
          open: 0,
          planned: 0,
          rectified: 1,
          closed: 0,
          reopened: 1,
          overdue: 1,
          failedVerifications: 2,
        },
        { unit: 'water-bureau', total: 3, open: 1, planned: 1, rectified: 0, closed: 1, reopened: 0, overdue: 1, failedVerifications: 2 },
      ],
      totals: { total: 5, open: 1, planned: 1, rectified: 1, closed: 1, reopened: 1, overdue: 2, failedVerifications: 4 },
    });
  });

  it('lists open findings with their due date and the inspector to escalate to', async () => {
    const r = await start(rectificationLedgerProjection);
    const open = listOpenFindingsWithDue(r.db);
    expect(open.map((o) => [o.findingId, o.responsibleUnit, o.rectificationDue, o.openedBy, o.dueVersion])).toEqual([
      ['a3', 'transport-bureau', iso(T0 + 5 * DAY), 'insp-1', 0],
      ['a1', 'water-bureau', iso(T0 + 10 * DAY), 'insp-1', 0],
      ['a2', 'water-bureau', iso(T0 + 30 * DAY), 'insp-1', 0],
      ['b1', 'transport-bureau', iso(T0 + 40 * DAY), 'insp-2', 1],
    ]);
    expect(open.every((o) => Number.isInteger(o.revision) && o.revision > 0)).toBe(true);
  });

  it('rebuilds from the first event to the same rows, and ignores an event it already holds', async () => {
    const live = await start(rectificationLedgerProjection);
    const rebuilt = await start(rectificationLedgerProjection, 'rectification-ledger-rebuilt');
    expect(dumpLedger(rebuilt.db)).toEqual(dumpLedger(live.db));
    const events: RecordedEvent[] = [];
    for await (const e of harness.store.readStream('inspection-a')) events.push(e);
    const before = dumpLedger(live.db);
    live.db.transaction(() => rectificationLedgerProjection.apply(live.db, events[1]!))();
    expect(dumpLedger(live.db)).toEqual(before);
  });
});
