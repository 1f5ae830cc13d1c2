import Database from 'better-sqlite3';
import fc from 'fast-check';
import { canReadTask, ledgerScope, type CommissionFacts, type Reader } from '#domain';
import { scopedPageWhere } from './scoped-page.js';
import { TASK_LEDGER_TABLE } from './task-ledger.projection.js';

// An evaluator's ledger pages as index walks (scopedPageWhere) say what the domain says: paged
// through with the ledger's keyset, random ledgers, random commissions and a random page size
// give exactly the tasks canReadTask lets the evaluator read among those the other filters
// keep, each once, in the ledger's order.

const UNITS = ['unit-a', 'unit-b', 'unit-c'];
const GROUPS = ['g1', 'g2'];
const STATUSES = ['planned', 'in_progress'];
const evaluator: Reader = { id: 'e1', roles: ['evaluator'], unit: 'org-x' };

describe('scopedPageWhere', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`
      CREATE TABLE ${TASK_LEDGER_TABLE} (id TEXT PRIMARY KEY, doc TEXT, status TEXT, lead_unit TEXT, special_group TEXT, created_at TEXT);
      CREATE INDEX tasks_lead_unit ON ${TASK_LEDGER_TABLE}(lead_unit, created_at, id);
      CREATE INDEX tasks_group ON ${TASK_LEDGER_TABLE}(special_group, created_at, id);
    `);
  });
  afterEach(() => db.close());

  it('pages through exactly the readable tasks of the filter, in the ledger order', () => {
    const task = fc.record({
      leadUnit: fc.constantFrom(...UNITS),
      specialGroup: fc.constantFrom(...GROUPS),
      status: fc.constantFrom(...STATUSES),
      at: fc.integer({ min: 0, max: 5 }),
    });
    const subject = fc.oneof(
      fc.record({ kind: fc.constant('task' as const), id: fc.constantFrom('t0', 't3', 't7', 't11') }),
      fc.record({ kind: fc.constant('unit' as const), id: fc.constantFrom(...UNITS) }),
      fc.record({ kind: fc.constant('special_group' as const), id: fc.constantFrom(...GROUPS) }),
    );
    const commission: fc.Arbitrary<CommissionFacts> = fc.record({ subject, evaluatorUnit: fc.constant('org-x') });
    fc.assert(
      fc.property(
        fc.array(task, { minLength: 1, maxLength: 14 }),
        fc.array(commission, { minLength: 1, maxLength: 4 }),
        fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        (tasks, commissions, status, limit) => {
          db.exec(`DELETE FROM ${TASK_LEDGER_TABLE}`);
          // Few distinct instants, so the keyset's tie on created_at is broken by id.
          tasks.forEach((t, i) =>
            db
              .prepare(`INSERT INTO ${TASK_LEDGER_TABLE} VALUES (?, '{}', ?, ?, ?, ?)`)
              .run(`t${i}`, t.status, t.leadUnit, t.specialGroup, `2026-01-0${t.at + 1}`),
          );
          const scope = ledgerScope(evaluator, commissions);
          const expected = tasks
            .map((t, i) => ({ ...t, id: `t${i}`, createdAt: `2026-01-0${t.at + 1}` }))
            .filter((t) => (status === undefined || t.status === status) && canReadTask(scope, t))
            .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
            .map((t) => t.id);

          const seen: string[] = [];
          let after: [string, string] | null = null;
          for (let pages = 0; pages <= tasks.length; pages++) {
            const base = { sql: 'doc IS NOT NULL', params: [] as unknown[] };
            if (status !== undefined) [base.sql, base.params] = [`${base.sql} AND status = ?`, [...base.params, status]];
            if (after) [base.sql, base.params] = [`${base.sql} AND (created_at, id) > (?, ?)`, [...base.params, ...after]];
            const where = scopedPageWhere(scope, base, limit + 1)!;
            const rows = db
              .prepare(`SELECT id, created_at FROM ${TASK_LEDGER_TABLE} WHERE ${where.sql} ORDER BY created_at, id LIMIT ?`)
              .all(...where.params, limit + 1) as Array<{ id: string; created_at: string }>;
            const page = rows.slice(0, limit);
            seen.push(...page.map((r) => r.id));
            if (rows.length <= limit) break;
            after = [page[page.length - 1]!.created_at, page[page.length - 1]!.id];
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the whole ledger, an empty scope and a scope of many subjects to taskReadSql', () => {
    const base = { sql: 'doc IS NOT NULL', params: [] };
    expect(scopedPageWhere({ all: true }, base, 51)).toBeNull();
    expect(scopedPageWhere({ all: false, taskIds: new Set(), units: new Set(), groups: new Set() }, base, 51)).toBeNull();
    const many = new Set(Array.from({ length: 17 }, (_, i) => `unit-${i}`));
    expect(scopedPageWhere({ all: false, taskIds: new Set(), units: many, groups: new Set() }, base, 51)).toBeNull();
  });
});
