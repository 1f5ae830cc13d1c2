import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DEFAULT_DUE_CALENDAR, matterDeciderFor, type MatterCommand } from '#domain';
import { executeCommand, newCommandId, SqliteEventStore } from '#event-store';
import { ProjectionRunner } from '../projection-runner.js';
import { MATTER_AWAITING_TABLE, MATTERS_TABLE, mattersProjection } from './matters.projection.js';
import { getMatter, listMatters, listPendingMattersWithDeadline } from './matters.queries.js';

// Decides as a deployment that configured nothing (the default calendar).
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);

const T0 = '2026-05-01T08:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('matters projection on real SQLite, fed by a SqliteEventStore and a ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let lastPosition = 0;
  const runners: ProjectionRunner[] = [];

  async function run(
    actorId: string,
    matterId: string,
    command: Omit<MatterCommand, 'metadata'>,
    minutes: number,
    roles = ['committee_member'],
  ) {
    const now = at(minutes);
    const actor = { id: actorId, roles: roles as never };
    const outcome = await executeCommand(
      store,
      `matter-${matterId}`,
      matterDecider,
      { ...command, metadata: { actor, now } } as MatterCommand,
      {
        context: { actor, occurredAt: now, correlationId: 'c', causationId: 'c', commandId: newCommandId() },
      },
    );
    if (outcome.position !== null) lastPosition = outcome.position;
    return outcome;
  }

  async function runner(file: string): Promise<ProjectionRunner> {
    const r = new ProjectionRunner(store, mattersProjection, path.join(dir, file));
    runners.push(r);
    r.start();
    expect(await r.waitFor(lastPosition, 10_000)).toBe(true);
    return r;
  }

  const dump = (db: Database.Database) => ({
    matters: db.prepare(`SELECT * FROM ${MATTERS_TABLE} ORDER BY id`).all(),
    awaiting: db.prepare(`SELECT * FROM ${MATTER_AWAITING_TABLE} ORDER BY matter_id, user_id`).all(),
  });
  const inbox = (db: Database.Database, user: string) => listMatters(db, { awaiting: user, limit: 50 }).map((r) => r.matter.id);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-matters-'));
    store = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    // m1: sequential with a deadline; m2: all without a deadline; m3: any with an earlier deadline.
    await run(
      'office',
      'm1',
      {
        type: 'SubmitMatter',
        data: { matterId: 'm1', title: 'T1', body: 'B', signers: ['a', 'b'], mode: 'sequential', deadline: at(600) },
      },
      0,
      ['reform_office'],
    );
    await run(
      'office',
      'm2',
      { type: 'SubmitMatter', data: { matterId: 'm2', title: 'T2', body: 'B', signers: ['a', 'c'], mode: 'all' } },
      1,
      ['reform_office'],
    );
    await run(
      'office',
      'm3',
      { type: 'SubmitMatter', data: { matterId: 'm3', title: 'T3', body: 'B', signers: ['b', 'c'], mode: 'any', deadline: at(300) } },
      2,
      ['reform_office'],
    );
  });

  afterAll(async () => {
    for (const r of runners) await r.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the document, its columns and the awaiting table in step with the turn rules', async () => {
    const r = await runner('live.sqlite');
    expect(getMatter(r.db, 'm1')).toMatchObject({ status: 'pending', submittedBy: 'office', deadline: at(600), revision: 0 });
    expect(inbox(r.db, 'a')).toEqual(['m1', 'm2']);
    // b waits in m1 (sequential) and is pending in m3, whose deadline is earlier.
    expect(inbox(r.db, 'b')).toEqual(['m3']);
    expect(inbox(r.db, 'c')).toEqual(['m3', 'm2']);
    expect(listPendingMattersWithDeadline(r.db)).toEqual([
      { matterId: 'm3', deadline: at(300), pending: ['b', 'c'], revision: 0 },
      { matterId: 'm1', deadline: at(600), pending: ['a'], revision: 0 },
    ]);

    await run('a', 'm1', { type: 'SignMatter', data: { matterId: 'm1', decision: 'approve' } }, 10);
    await run('b', 'm1', { type: 'DelegateSignature', data: { matterId: 'm1', to: 'd', reason: 'Away' } }, 11);
    await run('office', 'm1', { type: 'AddSigner', data: { matterId: 'm1', userId: 'e' } }, 12, ['reform_office']);
    await run('b', 'm3', { type: 'SignMatter', data: { matterId: 'm3', decision: 'approve' } }, 13);
    expect(await r.waitFor(lastPosition, 10_000)).toBe(true);

    expect(inbox(r.db, 'a')).toEqual(['m2']);
    expect(inbox(r.db, 'b')).toEqual([]);
    expect(inbox(r.db, 'c')).toEqual(['m2']);
    expect(inbox(r.db, 'd')).toEqual(['m1']);
    expect(inbox(r.db, 'e')).toEqual([]);
    expect(getMatter(r.db, 'm3')).toMatchObject({ status: 'approved', decidedAt: at(13), revision: 2 });
    expect(getMatter(r.db, 'm1')!.signers.map((s) => [s.userId, s.state])).toEqual([
      ['a', 'approved'],
      ['b', 'delegated'],
      ['d', 'pending'],
      ['e', 'waiting'],
    ]);
    expect(listPendingMattersWithDeadline(r.db)).toEqual([{ matterId: 'm1', deadline: at(600), pending: ['d'], revision: 3 }]);
    expect(listMatters(r.db, { status: 'approved', limit: 50 }).map((x) => x.matter.id)).toEqual(['m3']);
    expect(listMatters(r.db, { submittedBy: 'office', limit: 50 }).map((x) => x.matter.id)).toEqual(['m1', 'm2', 'm3']);
    const page1 = listMatters(r.db, { limit: 2 });
    expect(page1.map((x) => x.matter.id)).toEqual(['m1', 'm2', 'm3']);
    expect(listMatters(r.db, { limit: 2, after: page1[1]!.sortKey as [string, string] }).map((x) => x.matter.id)).toEqual(['m3']);

    // The reminder engine's expiry empties the inbox and leaves the deadline list.
    await run('system:reminders', 'm1', { type: 'ExpireMatter', data: { matterId: 'm1' } }, 601, ['admin']);
    expect(await r.waitFor(lastPosition, 10_000)).toBe(true);
    expect(getMatter(r.db, 'm1')!.status).toBe('expired');
    expect(inbox(r.db, 'd')).toEqual([]);
    expect(listPendingMattersWithDeadline(r.db)).toEqual([]);
  });

  it('replaying the same events twice changes nothing: a restarted runner resumes at its checkpoint', async () => {
    const first = await runner('replay.sqlite');
    const before = dump(first.db);
    const checkpoint = first.info().checkpoint;
    await first.close();
    const again = await runner('replay.sqlite');
    expect(again.info().checkpoint).toBe(checkpoint);
    expect(dump(again.db)).toEqual(before);
    // And a rebuild from the first event writes exactly the same rows.
    const rebuilt = await runner('rebuilt.sqlite');
    expect(dump(rebuilt.db)).toEqual(before);
  });
});
