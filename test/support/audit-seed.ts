import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DEFAULT_DUE_CALENDAR, taskDeciderFor, taskStream, type TaskCommand, type TaskEvent, type TaskState } from '#domain';
import { chainEvents, eventIdFor, SqliteEventStore, type ChainHashAlgorithm } from '#event-store';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

/**
 * Writes `tasks` reform-task streams of `eventsPerTask` events each (a registration, then
 * progress reports) straight into an embedded store file, hash-chained and with audit
 * metadata exactly as the command path writes them, in large transactions. `padding` adds
 * text to every progress note to make events bigger; `hashAlgorithm` is the chain hash (SHA-256
 * by default). Returns the number of events written.
 */
export async function seedTaskStore(
  file: string,
  options: { tasks: number; eventsPerTask: number; padding?: number; hashAlgorithm?: ChainHashAlgorithm },
): Promise<number> {
  await SqliteEventStore.open({ path: file, synchronous: 'NORMAL' }).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const pad = 'x'.repeat(options.padding ?? 0);
  const actor = { id: 'office-1', roles: ['reform_office'] as const };
  let written = 0;
  const rows: Array<[string, number, string, string, string, string, string]> = [];
  const flush = db.transaction(() => {
    for (const r of rows) insert.run(...r);
  });
  for (let t = 0; t < options.tasks; t++) {
    const taskId = randomUUID();
    const stream = taskStream(taskId);
    const at = new Date(Date.UTC(2026, 0, 1) + t * 60_000).toISOString();
    const metadata = { actor: { id: actor.id, roles: [...actor.roles] }, now: at };
    let state: TaskState = taskDecider.initialState();
    const events: TaskEvent[] = [];
    const commands: TaskCommand[] = [
      {
        type: 'RegisterTask',
        data: {
          taskId,
          title: `Task ${t}`,
          area: 'government_services',
          specialGroup: `g${t % 7}`,
          // A seeded ledger as an office migrates it: the groups are taken as registered.
          specialGroupRegistered: true,
          leadUnit: `unit-${t % 13}`,
          responsible: 'Zhang',
          evaluationStandard: 'All items online',
          deadline: '2027-06-30T10:00:00.000Z',
          milestones: [],
        },
        metadata,
      },
    ];
    // The lead unit acknowledged each task (签收) on registration, as a ledger in use looks.
    const leadUnitActor = { id: `dept-${t % 13}`, roles: ['department' as const], unit: `unit-${t % 13}` };
    commands.push({ type: 'AcknowledgeTask', data: { taskId }, metadata: { actor: leadUnitActor, now: at } });
    for (let i = 2; i < options.eventsPerTask; i++) {
      commands.push({ type: 'ReportProgress', data: { taskId, percent: Math.min(99, i), note: `step ${i} ${pad}` }, metadata });
    }
    for (const c of commands) {
      for (const e of taskDecider.decide(c, state)) {
        events.push(e);
        state = taskDecider.evolve(state, e);
      }
    }
    const commandId = randomUUID();
    const chained = chainEvents(
      stream,
      null,
      events.map((e, i) => ({
        id: eventIdFor(commandId, i),
        type: e.type,
        data: e.data,
        metadata: { actor: metadata.actor, occurredAt: at, correlationId: commandId, causationId: commandId, commandId },
      })),
      options.hashAlgorithm,
    );
    chained.forEach((e, revision) => rows.push([stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), at]));
    written += chained.length;
    if (rows.length >= 20_000) {
      flush();
      rows.length = 0;
    }
  }
  flush();
  db.close();
  return written;
}
