// The order Jest starts test files in (jest.config.js `testSequencer`). Jest runs the files it
// remembers as slow first, so that no worker is left running a long file alone at the end of the
// tier; on a fresh clone it remembers nothing and orders by file size, which put the slowest
// files, short specs that drive child processes or big workloads (audit-export, 50 lines), last:
// the e2e tier ended with one worker on the audit export for a minute and a half while the other
// was idle. So the files below, measured slowest, start first, in this order; everything else
// keeps Jest's order (its remembered durations when it has them, else file size).
const { default: Sequencer } = require(require.resolve('@jest/test-sequencer', { paths: [require.resolve('jest')] }));

/**
 * Slowest first, by path from the repository root; a file missing here only loses its head start.
 * Only files whose limits are hang guards (nothing in them is timed) are listed: the head of the
 * tier is its busiest stretch (these files side by side, with their child processes), and a spec
 * with a seconds-long real schedule or near the 30 s test limit does not belong there
 * (authorisation-matrix and task-reminders failed there at load 8-10).
 */
const SLOW_FIRST = [
  // e2e: each 30-200 s in runs of the tier at load 2-17 (7-8 December)
  'test/audit-export.e2e-spec.ts',
  'test/seed-demo.e2e-spec.ts',
  'test/api-contract.e2e-spec.ts',
  'test/api-contract-sources.int-spec.ts',
  'test/urging-numbers.e2e-spec.ts',
  'test/task-numbers.e2e-spec.ts',
  'test/reminder-worker-kill.e2e-spec.ts',
  'test/integrity.e2e-spec.ts',
  'test/hostile-http.e2e-spec.ts',
  // int: each 12-77 s in the same runs
  'libs/read-models/src/assessment/scoreboard.rollup.int-spec.ts',
  'libs/read-models/src/task-ledger/task.rollup.int-spec.ts',
  'libs/read-models/src/subscriber/read-model-db.int-spec.ts',
  'libs/event-store/src/esdb/esdb.event-store.int-spec.ts',
  'libs/read-models/src/projection-runner.int-spec.ts',
  // faults: their file sizes already put the slowest (replicas, restore, redis-outage) first
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = SLOW_FIRST.findIndex((file) => test.path.endsWith(`/${file}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return super
      .sort(tests)
      .map((test, order) => ({ test, order, rank: rank(test) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ test }) => test);
  }
}

module.exports = SlowFirstSequencer;
