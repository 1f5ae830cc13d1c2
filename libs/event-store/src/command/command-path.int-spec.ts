import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENESIS_HASH } from '../hash-chain.js';
import { SqliteEventStore } from '../sqlite/sqlite.event-store.js';
import { executeCommand, type DeciderLike } from './command-path.js';

type Noted = { type: 'Noted'; data: { text: string } };
const notes: DeciderLike<{ text: string }, Noted, number> = {
  initialState: () => 0,
  evolve: (n) => n + 1,
  decide: (c) => [{ type: 'Noted', data: { text: c.text } }],
};
const context = (commandId: string) => ({
  actor: { id: 'u', roles: ['admin'] },
  occurredAt: '2030-01-01T00:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  commandId,
});

let dir: string;
let store: SqliteEventStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'command-path-'));
  store = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('chains the first event after an unhashed head (imported history) from the genesis hash, not from an empty string', async () => {
  await store.appendToStream(
    'notes-1',
    [{ id: '00000000-0000-8000-8000-000000000001', type: 'Noted', data: { text: 'imported' }, metadata: {} }],
    { expectedRevision: 'no_stream' },
  );
  await executeCommand(store, 'notes-1', notes, { text: 'new' }, { context: context('cmd-1') });
  const events = [];
  for await (const e of store.readStream('notes-1')) events.push(e);
  expect(events.map((e) => e.metadata['prevHash'])).toEqual([undefined, GENESIS_HASH]);
});
