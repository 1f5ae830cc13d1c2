/**
 * Architecture rules for Reform Ledger, checked by `npm run depcheck` (part of `npm test`):
 *
 *   libs/domain   pure: imports only from libs/domain (no Nest, no database or queue clients,
 *                 no Node built-ins, no other lib, no app)
 *   libs/*        never import apps/*
 *   apps/<a>      never import another app (apps/<b>); shared code lives in a lib
 *   apps, libs    reach another lib only through one of its entry points: the #aliases of
 *                 package.json "imports" (`#domain` is libs/domain/src/index.ts); never a
 *                 relative path into its internals
 *   everything    resolvable, no orphans (a file nothing imports and that imports nothing is
 *                 dead or forgotten); cycles are reported as warnings
 *
 * Imports are resolved like TypeScript does: the #aliases through package.json "imports" with
 * the `source` condition (the same map tsc, Jest, ESLint and the script loader read, see
 * scripts/toolchain.cjs); NodeNext `.js`-suffixed relative imports mapped back to their `.ts`
 * sources. `import type` counts: a type-only import of Nest in the domain is still a
 * dependency on Nest.
 */
const { sourceAliases } = require('./scripts/toolchain.cjs');

/** The libs' entry points, as a path pattern (`^(libs/domain/src/index\.ts|...)$`). */
const ENTRY_POINTS = `^(${Object.values(sourceAliases())
  .map((file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|')})$`;

/** Test files: unit, integration, end-to-end specs and the adapter contract suites. */
const SPEC_FILES = '\\.(spec|int-spec|e2e-spec|contract)\\.ts$';

/** Test tooling a domain spec may import (dev dependencies, never shipped). */
const DOMAIN_SPEC_TOOLS = ['fast-check', '@jest/globals', 'expect', 'jest-mock'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-only-imports-domain',
      severity: 'error',
      comment:
        'libs/domain is pure: it may import only files inside libs/domain. No Nest, no database, ' +
        'queue or event-store clients, no Node built-ins, no other lib (relative or #alias) and no app. ' +
        'Move the dependency to an adapter in libs/event-store, libs/read-models, libs/reminders or apps/.',
      from: { path: '^libs/domain/', pathNot: SPEC_FILES },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-specs-only-domain-and-test-tools',
      severity: 'error',
      comment:
        'Specs in libs/domain test the pure domain: besides libs/domain they may use test tooling ' +
        '(fast-check, @jest/globals) but not Nest, databases, Node built-ins or other libs.',
      from: { path: SPEC_FILES.replace(/^/, '^libs/domain/.*') },
      to: { pathNot: ['^libs/domain/', `^node_modules/(${DOMAIN_SPEC_TOOLS.join('|')})/`] },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libraries must not depend on the applications that use them.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment:
        'An application must not import another application (the API started the worker by importing ' +
        'apps/worker). What two apps share belongs in a lib (the reminder worker module is in libs/platform).',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-entry-points-only',
      severity: 'error',
      comment:
        'Another lib is reached only through its entry point (its #alias in package.json "imports"), ' +
        'never by a relative path into its internals: export what you need from its index, or give ' +
        'the lib a second entry point (as #event-store/esdb keeps the gRPC client out of the default load).',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^$1/$2/', ENTRY_POINTS] },
    },
    {
      name: 'domain-testing-only-in-tests',
      severity: 'error',
      comment:
        "The domain's spec helpers (`#domain/testing`: fold, specFor, specAssessmentRules) are for specs and test helpers; " +
        'production code takes what it needs from `#domain`.',
      from: { path: '^(apps|libs)/', pathNot: [SPEC_FILES, '(^|/)(testing|__tests__|test-support)/', '\\.fixture\\.ts$'] },
      to: { path: '^libs/domain/src/testing\\.ts$' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'Nothing imports this module and it imports nothing: dead code, or a file that should be wired in. ' +
        'Delete it or import it from where it belongs.',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', SPEC_FILES, '\\.fixture\\.ts$'] },
      to: {},
    },
    {
      name: 'no-dist-imports',
      severity: 'error',
      comment: 'Source must import sources, never build output in dist/.',
      from: {},
      to: { path: '^dist/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This module imports something that cannot be resolved: a typo, a missing `.js` suffix ' +
        'target, an alias missing from package.json "imports", or a package not in package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code (apps/, libs/, except specs and test helpers) must not import devDependencies: ' +
        'they are pruned from the runtime image (npm prune --omit=dev).',
      from: {
        path: '^(apps|libs)/',
        // The console is a browser bundle: Vite builds its packages into dist/console at build
        // time (npm run build), and nothing of it is loaded from node_modules at run time.
        pathNot: [SPEC_FILES, '(^|/)(testing|__tests__|test-support)/', '^apps/console/'],
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'warn',
      comment:
        'Imports an npm package that is not declared in package.json: it only resolves because ' +
        'another package happens to depend on it. Declare it, or import the type from its owner.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      comment: 'Circular dependency: usually a sign that something belongs in a third module.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|data)/' },
    // TypeScript-only dependencies (`import type`, type positions) count as dependencies.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve like TypeScript/Node would; `.ts` first so NodeNext `./x.js` finds `./x.ts`.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // `source` first: the #aliases resolve to the TypeScript entry points, not to dist/.
      conditionNames: ['source', 'import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      archi: {
        collapsePattern: '^(?:apps|libs)/[^/]+|node_modules/(?:@[^/]+/[^/]+|[^/]+)',
      },
    },
  },
};

/*
 * Runner. dependency-cruiser 18's CLI (`depcruise`) refuses to start on Node < 22, and this
 * project runs on Node 20. Its documented programmatic API has no such check and
 * works on Node 20, so `node .dependency-cruiser.cjs apps libs` (the `depcheck` npm script)
 * does what the CLI does: read this file's options, flatten tsconfig.json, cruise, print the
 * `err` report and exit non-zero on any error-severity violation. On Node >= 22 the plain
 * `npx depcruise apps libs --config .dependency-cruiser.cjs` gives the same result.
 */
if (require.main === module) {
  const path = require('node:path');
  process.chdir(__dirname);
  const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const outputType = (process.argv.find((a) => a.startsWith('--output-type=')) ?? '--output-type=err').split('=')[1];
  (async () => {
    const { cruise } = await import('dependency-cruiser');
    const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
    const { default: extractTSConfig } = await import('dependency-cruiser/config-utl/extract-ts-config');
    const cruiseOptions = await extractDepcruiseOptions(path.join(__dirname, '.dependency-cruiser.cjs'));
    const tsConfig = extractTSConfig(path.join(__dirname, module.exports.options.tsConfig.fileName));
    const result = await cruise(targets.length ? targets : ['apps', 'libs'], { ...cruiseOptions, outputType }, {}, { tsConfig });
    process.stdout.write(typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2));
    process.exitCode = result.exitCode;
  })().catch((error) => {
    process.stderr.write(`dependency check failed to run: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  });
}
