// The peer of `POST /tasks/:id/progress` in `npm run bench:api`: the same command (report progress
// on one of the seeded tasks, answer the updated task, read-your-writes) built the way a team
// would with Emmett: @event-driven-io/emmett's CommandHandler on @event-driven-io/emmett-sqlite
// with an inline projection of the same ledger row (the task's document, folded with the
// domain's own `evolveTask`), behind a plain Fastify route. The same domain decides; there is no
// auth, no validation library, no audit metadata or hash chain: what the product adds is its price.
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { CommandHandler, projections, type Event } from '@event-driven-io/emmett';
import { appendToStream, getSQLiteEventStore, sqliteConnection, type SQLiteConnection } from '@event-driven-io/emmett-sqlite';
import {
  evolveTask,
  initialTaskState,
  taskStream,
  type RegisterTask,
  type ReportProgress,
  type TaskEvent,
  type TaskState,
  type taskDeciderFor,
} from '#domain';

type TaskDecider = ReturnType<typeof taskDeciderFor>;
type LedgerEvent = Event & TaskEvent;

const LEDGER_DDL = 'CREATE TABLE IF NOT EXISTS ledger (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL)';

/** The inline projection: the task's row, its document folded with the domain's `evolveTask`. */
const ledgerProjection = {
  name: 'ledger',
  canHandle: ['TaskRegistered', 'TaskProgressReported'],
  handle: async (events: LedgerEvent[], { connection }: { connection: SQLiteConnection }) => {
    for (const event of events) {
      const id = (event.data as { taskId: string }).taskId;
      const row = await connection.querySingle<{ revision: number; doc: string }>('SELECT revision, doc FROM ledger WHERE id = ?', [id]);
      const state = evolveTask(row ? (JSON.parse(row.doc) as TaskState) : initialTaskState(), {
        type: event.type,
        data: event.data,
      } as TaskEvent);
      await connection.command(
        'INSERT INTO ledger (id, revision, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET revision = ' +
          'excluded.revision, doc = excluded.doc',
        [id, (row?.revision ?? -1) + 1, JSON.stringify(state)],
      );
    }
  },
};

const handle = CommandHandler<TaskState, LedgerEvent>({
  evolve: (s, e) => evolveTask(s, { type: e.type, data: e.data } as TaskEvent),
  initialState: initialTaskState,
});

/** Seeds the tasks through Emmett's own append (and the inline projection), a thousand to a transaction. */
async function seed(fileName: string, tasks: number, register: (i: number) => RegisterTask, decider: TaskDecider): Promise<void> {
  const connection = sqliteConnection({ fileName });
  try {
    await connection.command(LEDGER_DDL);
    for (let from = 0; from < tasks; from += 1_000) {
      await connection.withTransaction(async () => {
        for (let i = from; i < Math.min(tasks, from + 1_000); i++) {
          const command = register(i);
          const events = decider.decide(command, initialTaskState()) as LedgerEvent[];
          await appendToStream(connection, taskStream(command.data.taskId), 'task', events, {
            onBeforeCommit: async (messages, context) => ledgerProjection.handle(messages as unknown as LedgerEvent[], context),
          });
        }
      });
    }
  } finally {
    connection.close();
  }
}

/** Starts the peer on a free port with `tasks` tasks seeded; answers its port and a way to stop it. */
export async function startEmmettPeer(
  dir: string,
  tasks: number,
  register: (i: number) => RegisterTask,
  decider: TaskDecider,
): Promise<{ port: number; seedMs: number; close: () => Promise<void> }> {
  fs.mkdirSync(dir, { recursive: true });
  const fileName = path.join(dir, 'emmett.sqlite');
  const t0 = performance.now();
  // The store creates its schema on first use; the seed appends through the same functions.
  const store = getSQLiteEventStore({
    fileName,
    schema: { autoMigration: 'CreateOrUpdate' },
    projections: projections.inline([ledgerProjection]),
  });
  await store.readStream('task-none');
  await seed(fileName, tasks, register, decider);
  const seedMs = performance.now() - t0;
  const reader = sqliteConnection({ fileName });
  const actor = { id: 'bench-office', roles: ['reform_office' as const] };
  // emmett-sqlite 0.38.5 keeps one connection per store and closes it after every operation, so
  // two commands in flight close each other's connection (measured: most requests failed at 16
  // connections). The route runs one command at a time, as SQLite has one writer anyway.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const fastify = Fastify();
  fastify.post<{ Params: { id: string }; Body: { percent?: unknown; note?: unknown } }>('/tasks/:id/progress', async (req, reply) => {
    const { percent, note } = req.body ?? {};
    if (typeof percent !== 'number' || typeof note !== 'string') return reply.status(400).send({ title: 'percent and note are required' });
    const command: ReportProgress = {
      type: 'ReportProgress',
      data: { taskId: req.params.id, percent, note },
      metadata: { actor, now: new Date().toISOString() },
    };
    const row = await serially(async () => {
      await handle(store, taskStream(req.params.id), (state) => decider.decide(command, state) as LedgerEvent[]);
      // Read-your-writes: the inline projection committed with the events.
      return reader.querySingle<{ doc: string }>('SELECT doc FROM ledger WHERE id = ?', [req.params.id]);
    });
    return reply.type('application/json; charset=utf-8').send(row!.doc);
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (fastify.server.address() as { port: number }).port,
    seedMs,
    close: async () => {
      await fastify.close();
      reader.close();
    },
  };
}
