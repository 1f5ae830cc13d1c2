import type Database from 'better-sqlite3';
import { decisionDecider, type DomainActor, type RecordDecision } from '#domain';
import { executeCommand, type RecordedEvent } from '#event-store';
import type { ProjectionRunner } from '../projection-runner.js';
import type { Projection } from '../projection.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { decisionsProjection } from './decisions.projection.js';
import { getDecision, listDecisions } from './decisions.queries.js';

// The decisions list on real SQLite, fed by a real ProjectionRunner from a real SqliteEventStore.

const member: DomainActor = { id: 'member-1', roles: ['committee_member'] };
const NOW = '2025-06-01T00:00:00.000Z';

const harness = useProjectionHarness('decisions-');

async function record(decisionId: string, data: Partial<RecordDecision['data']> = {}): Promise<void> {
  const context = commandContext(member, NOW);
  await executeCommand(
    harness.store,
    `decision-${decisionId}`,
    decisionDecider,
    {
      type: 'RecordDecision',
      data: { decisionId, title: `Decision ${decisionId}`, content: 'The committee decides.', ...data },
      metadata: { actor: member, now: NOW },
    },
    { context },
  );
}

const runner = (projection: Projection = decisionsProjection): Promise<ProjectionRunner> => harness.runner(projection, 'decisions.sqlite');

const dump = (db: Database.Database) => db.prepare('SELECT * FROM decisions ORDER BY id').all();

async function fill(): Promise<void> {
  await record('d1', { meetingId: 'm1', taskIds: ['t1', 't2'], decidedAt: '2025-01-10T09:00:00+08:00' });
  await record('d2', { meetingId: 'm1', taskIds: ['t2'], matterIds: ['x1'], decidedAt: '2025-02-10T09:00:00+08:00' });
  await record('d3', { meetingId: 'm2', decidedAt: '2025-03-10T09:00:00+08:00' });
  await record('d4', { taskIds: ['t1'], decidedAt: '2025-04-10T09:00:00+08:00' });
}

describe('decisions projection', () => {
  it('keeps each decision as the domain folds it, with its revision', async () => {
    await fill();
    const r = await runner();
    try {
      expect(getDecision(r.db, 'd2')).toEqual({
        id: 'd2',
        title: 'Decision d2',
        content: 'The committee decides.',
        meetingId: 'm1',
        taskIds: ['t2'],
        matterIds: ['x1'],
        decidedAt: '2025-02-10T01:00:00.000Z',
        recordedBy: 'member-1',
        recordedAt: NOW,
        revision: 0,
      });
      expect(getDecision(r.db, 'nope')).toBeNull();
    } finally {
      await r.close();
    }
  });

  it('lists newest decided first, filtered by meeting and by task (json_each over taskIds)', async () => {
    await fill();
    const r = await runner();
    try {
      const ids = (f: Parameters<typeof listDecisions>[1]) => listDecisions(r.db, f).map((d) => d.id);
      expect(ids({ limit: 50 })).toEqual(['d4', 'd3', 'd2', 'd1']);
      expect(ids({ limit: 50, meetingId: 'm1' })).toEqual(['d2', 'd1']);
      expect(ids({ limit: 50, taskId: 't1' })).toEqual(['d4', 'd1']);
      expect(ids({ limit: 50, taskId: 't2', meetingId: 'm1' })).toEqual(['d2', 'd1']);
      expect(ids({ limit: 50, taskId: 't3' })).toEqual([]);
      // A task id that is a prefix of another must not match it.
      expect(ids({ limit: 50, taskId: 't' })).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('pages by keyset on (decidedAt, id), fetching one extra row to detect the next page', async () => {
    await fill();
    const r = await runner();
    try {
      const first = listDecisions(r.db, { limit: 2 });
      expect(first.map((d) => d.id)).toEqual(['d4', 'd3', 'd2']);
      const last = first[1]!;
      expect(listDecisions(r.db, { limit: 2, after: [last.decidedAt, last.id] }).map((d) => d.id)).toEqual(['d2', 'd1']);
    } finally {
      await r.close();
    }
  });

  it('resumes after a restart from its checkpoint', async () => {
    await fill();
    const first = await runner();
    const checkpoint = first.info().checkpoint!;
    await first.close();
    await record('d5', { meetingId: 'm2' });
    const seen: RecordedEvent[] = [];
    const second = await runner({ ...decisionsProjection, apply: (db, e) => (seen.push(e), decisionsProjection.apply(db, e)) });
    try {
      expect(seen.map((e) => e.stream)).toEqual(['decision-d5']);
      expect(seen[0]!.position).toBeGreaterThan(checkpoint);
      expect(listDecisions(second.db, { limit: 50, meetingId: 'm2' }).map((d) => d.id)).toEqual(['d5', 'd3']);
    } finally {
      await second.close();
    }
  });

  it('replaying the same events twice changes nothing', async () => {
    await fill();
    await harness.expectReplayChangesNothing(decisionsProjection, 'decisions.sqlite', dump);
  });
});
