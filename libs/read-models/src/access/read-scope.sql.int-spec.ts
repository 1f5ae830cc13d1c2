import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  canReadActionItem,
  canReadFinding,
  canReadInstruction,
  canReadUrging,
  canReadInspection,
  canReadMatter,
  canReadMeeting,
  canReadTask,
  INSTRUCTION_SUBJECT_KINDS,
  ledgerScope,
  matterReaders,
  ROLES,
  type CommissionFacts,
  type Reader,
} from '#domain';
import {
  actionItemReadSql,
  findingReadSql,
  inspectionReadSql,
  instructionReadSql,
  MATTER_READERS_TABLE,
  matterReadSql,
  meetingReadSql,
  taskReadSql,
  urgingReadSql,
  type SqlFilter,
} from './read-scope.sql.js';

// Each reading rule's SQL twin says, for random readers and random records, what the domain
// function says: the rows a fragment keeps are exactly the records the function lets the reader read.

const USERS = ['u1', 'u2', 'u3', 'u4'];
const UNITS = ['unit-a', 'unit-b', 'unit-c'];
const GROUPS = ['g1', 'g2'];

const reader: fc.Arbitrary<Reader> = fc.record(
  {
    id: fc.constantFrom(...USERS),
    roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 2 }),
    unit: fc.constantFrom(...UNITS),
  },
  { requiredKeys: ['id', 'roles'] },
);

/** The ids of the rows of `table` a fragment keeps (`null`: every row). */
function kept(db: Database.Database, table: string, alias: string, filter: SqlFilter | null): string[] {
  const where = filter ? `WHERE ${filter.sql}` : '';
  return (
    db.prepare(`SELECT ${alias}.id FROM ${table} ${alias} ${where} ORDER BY ${alias}.id`).all(...(filter?.params ?? [])) as Array<{
      id: string;
    }>
  ).map((r) => r.id);
}

describe('reading rules in SQL say what the domain says', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`
      CREATE TABLE matters (id TEXT PRIMARY KEY);
      CREATE TABLE ${MATTER_READERS_TABLE} (matter_id TEXT, user_id TEXT, submitted_at TEXT);
      CREATE TABLE inspections (id TEXT PRIMARY KEY, target_unit TEXT);
      CREATE TABLE rectifications (id TEXT PRIMARY KEY, responsible_unit TEXT, target_unit TEXT);
      CREATE TABLE action_items (id TEXT PRIMARY KEY, meeting_id TEXT, owner TEXT, owner_unit TEXT);
      CREATE TABLE meetings (id TEXT PRIMARY KEY);
      CREATE TABLE tasks (id TEXT PRIMARY KEY, lead_unit TEXT, special_group TEXT);
      CREATE TABLE urgings (id TEXT PRIMARY KEY, lead_unit TEXT);
      CREATE TABLE instructions (id TEXT PRIMARY KEY, subject_kind TEXT, unit TEXT);
    `);
  });
  afterEach(() => db.close());

  const signer = fc.record({ userId: fc.constantFrom(...USERS), state: fc.constantFrom('pending', 'approved', 'delegated' as const) });
  const matter = fc.record({ submittedBy: fc.constantFrom(...USERS), signers: fc.array(signer, { minLength: 1, maxLength: 3 }) });

  it('matters: matterReadSql over the readers rows is canReadMatter', () => {
    fc.assert(
      fc.property(fc.array(matter, { minLength: 1, maxLength: 6 }), reader, (matters, r) => {
        db.exec(`DELETE FROM matters; DELETE FROM ${MATTER_READERS_TABLE}`);
        matters.forEach((m, i) => {
          db.prepare('INSERT INTO matters (id) VALUES (?)').run(`m${i}`);
          for (const u of matterReaders(m)) db.prepare(`INSERT INTO ${MATTER_READERS_TABLE} VALUES (?, ?, '')`).run(`m${i}`, u);
        });
        const expected = matters.flatMap((m, i) => (canReadMatter(r, m) ? [`m${i}`] : []));
        expect(kept(db, 'matters', 'm', matterReadSql(r, 'm'))).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('a signer who handed over still reads the matter, a stranger does not', () => {
    const m = { submittedBy: 'u1', signers: [{ userId: 'u2' }, { userId: 'u3' }] };
    expect(canReadMatter({ id: 'u2', roles: ['department'] }, m)).toBe(true);
    expect(canReadMatter({ id: 'u4', roles: ['department', 'evaluator'] }, m)).toBe(false);
    expect(canReadMatter({ id: 'u4', roles: ['leader'] }, m)).toBe(true);
  });

  it('inspections and findings: inspectionReadSql and findingReadSql are canReadInspection and canReadFinding', () => {
    const finding = fc.record({ target: fc.constantFrom(...UNITS), responsible: fc.constantFrom(...UNITS) });
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 6 }), reader, (rows, r) => {
        db.exec('DELETE FROM inspections; DELETE FROM rectifications');
        rows.forEach((f, i) => {
          db.prepare('INSERT INTO inspections VALUES (?, ?)').run(`i${i}`, f.target);
          db.prepare('INSERT INTO rectifications VALUES (?, ?, ?)').run(`f${i}`, f.responsible, f.target);
        });
        const inspections = rows.flatMap((f, i) => (canReadInspection(r, { targetUnit: f.target }) ? [`i${i}`] : []));
        const findings = rows.flatMap((f, i) =>
          canReadFinding(r, { responsibleUnit: f.responsible }, { targetUnit: f.target }) ? [`f${i}`] : [],
        );
        expect(kept(db, 'inspections', 'x', inspectionReadSql(r, 'x'))).toEqual(inspections.sort());
        expect(kept(db, 'rectifications', 'r', findingReadSql(r, 'r'))).toEqual(findings.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('meetings and action items: actionItemReadSql and meetingReadSql are canReadActionItem and canReadMeeting', () => {
    const item = fc.record({
      meeting: fc.constantFrom('mt0', 'mt1', 'mt2'),
      owner: fc.constantFrom(...USERS),
      ownerUnit: fc.constantFrom(...UNITS),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), reader, (items, r) => {
        db.exec("DELETE FROM action_items; DELETE FROM meetings; INSERT INTO meetings VALUES ('mt0'), ('mt1'), ('mt2')");
        items.forEach((it, i) =>
          db.prepare('INSERT INTO action_items VALUES (?, ?, ?, ?)').run(`a${i}`, it.meeting, it.owner, it.ownerUnit),
        );
        const readableItems = items.flatMap((it, i) => (canReadActionItem(r, it) ? [`a${i}`] : []));
        const meetings = ['mt0', 'mt1', 'mt2'].filter((id) =>
          canReadMeeting(r, { items: items.filter((it) => it.meeting === id) as never }),
        );
        expect(kept(db, 'action_items', 'ai', actionItemReadSql(r, 'ai'))).toEqual(readableItems.sort());
        expect(kept(db, 'meetings', 'm', meetingReadSql(r, 'action_items', 'm'))).toEqual(meetings);
      }),
      { numRuns: 300 },
    );
  });

  it('tasks: taskReadSql is canReadTask for the scope ledgerScope builds from the commissions', () => {
    const subject = fc.oneof(
      fc.record({ kind: fc.constant('task' as const), id: fc.constantFrom('t0', 't1', 't2', 't3') }),
      fc.record({ kind: fc.constant('unit' as const), id: fc.constantFrom(...UNITS) }),
      fc.record({ kind: fc.constant('special_group' as const), id: fc.constantFrom(...GROUPS) }),
    );
    const commission: fc.Arbitrary<CommissionFacts> = fc.record({ subject, evaluatorUnit: fc.constantFrom(...UNITS) });
    const task = fc.record({ leadUnit: fc.constantFrom(...UNITS), specialGroup: fc.constantFrom(...GROUPS) });
    fc.assert(
      fc.property(
        fc.array(task, { minLength: 4, maxLength: 4 }),
        fc.array(commission, { maxLength: 4 }),
        reader,
        (tasks, commissions, r) => {
          db.exec('DELETE FROM tasks');
          tasks.forEach((t, i) => db.prepare('INSERT INTO tasks VALUES (?, ?, ?)').run(`t${i}`, t.leadUnit, t.specialGroup));
          const scope = ledgerScope(r, commissions);
          const expected = tasks.flatMap((t, i) => (canReadTask(scope, { id: `t${i}`, ...t }) ? [`t${i}`] : []));
          expect(kept(db, 'tasks', 't', taskReadSql(scope, 't'))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('urgings and instructions: urgingReadSql and instructionReadSql are canReadUrging and canReadInstruction', () => {
    const row = fc.record({ unit: fc.constantFrom(...UNITS), kind: fc.constantFrom(...INSTRUCTION_SUBJECT_KINDS), unitless: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), reader, (rows, r) => {
        db.exec('DELETE FROM urgings; DELETE FROM instructions');
        // A matter has no unit; any other subject may lack one too in old events.
        const unitOf = (x: (typeof rows)[number]) => (x.kind === 'matter' || x.unitless ? null : x.unit);
        rows.forEach((x, i) => {
          db.prepare('INSERT INTO urgings VALUES (?, ?)').run(`u${i}`, x.unit);
          db.prepare('INSERT INTO instructions VALUES (?, ?, ?)').run(`n${i}`, x.kind, unitOf(x));
        });
        const urgings = rows.flatMap((x, i) => (canReadUrging(r, { leadUnit: x.unit }) ? [`u${i}`] : []));
        const instructions = rows.flatMap((x, i) =>
          canReadInstruction(r, { subject: { kind: x.kind, unit: unitOf(x) } }) ? [`n${i}`] : [],
        );
        expect(kept(db, 'urgings', 'u', urgingReadSql(r, 'u'))).toEqual(urgings.sort());
        expect(kept(db, 'instructions', 'n', instructionReadSql(r, 'n'))).toEqual(instructions.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('an evaluator reads only what was commissioned from its own organisation; any other role reads the whole ledger', () => {
    const commissions: CommissionFacts[] = [
      { evaluatorUnit: 'org-a', subject: { kind: 'task', id: 't1' } },
      { evaluatorUnit: 'org-b', subject: { kind: 'unit', id: 'unit-a' } },
    ];
    const a = ledgerScope({ id: 'e', roles: ['evaluator'], unit: 'org-a' }, commissions);
    expect(canReadTask(a, { id: 't1', leadUnit: 'x', specialGroup: 'g' })).toBe(true);
    expect(canReadTask(a, { id: 't2', leadUnit: 'unit-a', specialGroup: 'g' })).toBe(false);
    expect(ledgerScope({ id: 'd', roles: ['department', 'evaluator'], unit: 'org-a' }, commissions).all).toBe(true);
    expect(ledgerScope({ id: 'n', roles: [] }, commissions).all).toBe(true);
    expect(ledgerScope({ id: 'e', roles: ['evaluator'] }, commissions).all).toBe(false);
  });
});
