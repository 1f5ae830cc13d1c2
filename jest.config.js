// Jest runs in ESM mode (Nest 12 is ESM-only); @swc/jest compiles with the options of .swcrc
// (decorator metadata on) so Nest's dependency injection works exactly as in the built app.
// The #aliases come from package.json "imports" (see scripts/toolchain.cjs).
//
// Three tiers, one Jest project each (`npm run test:unit|test:int|test:e2e`, all three in `npm test`):
//   unit  *.spec.ts in apps/ and libs/: pure, no database file, no Redis, no child process
//   int   *.int-spec.ts in apps/ and libs/: real SQLite, the EventStoreDB double, child processes
//   e2e   test/*.e2e-spec.ts and test/*.int-spec.ts: the booted app against the real Redis
//   faults test/faults/*.e2e-spec.ts: the product in child processes under faults (kills, Redis
//          outages, a full disk, replicas); its own tier, run after e2e, so its dozens of
//          processes never share the machine with specs that measure memory or time
import { createRequire } from 'node:module';

const { sourceAliases, swcOptions } = createRequire(import.meta.url)('./scripts/toolchain.cjs');

const ESM_ONLY = ['content-disposition', 'cookie'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcOptions()],
    // ESM-only packages that CommonJS dependencies require(); Node 20.19 loads them natively,
    // Jest's module system does not, so they are compiled to CommonJS for tests only.
    [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    ...Object.fromEntries(Object.entries(sourceAliases()).map(([alias, file]) => [`^${escape(alias)}$`, `<rootDir>/${file}`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

/** The test tiers; `displayName` is what `--selectProjects` names. */
export const TIERS = {
  unit: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
  int: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
  e2e: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  faults: ['<rootDir>/test/faults/**/*.e2e-spec.ts'],
};

/**
 * The e2e tier checks every answer against the served OpenAPI document and, at its end, prints
 * which declared operations × statuses it exercised (test/support/contract-check.ts).
 */
const GLOBAL = {
  e2e: {
    globalSetup: '<rootDir>/test/support/contract-coverage.setup.ts',
    globalTeardown: '<rootDir>/test/support/contract-coverage.teardown.ts',
  },
};

/**
 * Specs that read only the repository (file names, links, generated files against their sources),
 * never the running product: a second Node version proves nothing new with them, so .ci/node24.sh
 * runs the tiers with SOURCE_CHECKS=off and they run once per CI, on the first Node.
 */
const SOURCE_CHECKS = [
  '<rootDir>/test/docs-links.int-spec.ts',
  '<rootDir>/test/file-names.int-spec.ts',
  '<rootDir>/test/api-contract-sources.int-spec.ts',
];

/** Files a tier leaves to another one (test/faults matches e2e's patterns too). */
const IGNORED = {
  e2e: ['/node_modules/', '<rootDir>/test/faults/', ...(process.env['SOURCE_CHECKS'] === 'off' ? SOURCE_CHECKS : [])],
};

export default {
  projects: Object.entries(TIERS).map(([displayName, testMatch]) => ({
    ...shared,
    displayName,
    testMatch,
    ...(IGNORED[displayName] ? { testPathIgnorePatterns: IGNORED[displayName] } : {}),
    ...(GLOBAL[displayName] ?? {}),
  })),
  testTimeout: 30000,
  maxWorkers: 2,
  // The slowest files first on a fresh clone too (Jest's own order then is by file size).
  testSequencer: '<rootDir>/test/support/slow-first.sequencer.cjs',
};
