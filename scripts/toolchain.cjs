/**
 * The two pieces of build configuration every tool needs, each kept in exactly one file and
 * read from there by every tool instead of being copied into it:
 *
 * - the import aliases (`#domain`, `#event-store`, ...): package.json "imports". Each alias has
 *   a `source` condition (the TypeScript entry point, used by tsc through `customConditions`,
 *   by Jest, by the TypeScript loader of scripts and benchmarks, by dependency-cruiser and by
 *   ESLint) and a `default` one (the built file in dist/, used by `npm start`);
 * - the swc options: .swcrc (used as is by `npm run build`, and by Jest and the loader with
 *   inline source maps and without its build-only `exclude`).
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Alias → its TypeScript entry point, relative to the repository root (`libs/domain/src/index.ts`). */
function sourceAliases() {
  const { imports } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return Object.fromEntries(
    Object.entries(imports).map(([alias, target]) => {
      if (typeof target !== 'object' || typeof target.source !== 'string')
        throw new Error(`package.json imports["${alias}"] needs a "source" condition naming its TypeScript entry point`);
      return [alias, path.posix.normalize(target.source)];
    }),
  );
}

/** The options of .swcrc for compiling one file in memory (Jest, the loader). */
function swcOptions(overrides = {}) {
  const { $schema: _schema, exclude: _buildOnly, ...options } = JSON.parse(readFileSync(path.join(ROOT, '.swcrc'), 'utf8'));
  return { ...options, swcrc: false, sourceMaps: 'inline', ...overrides };
}

module.exports = { ROOT, sourceAliases, swcOptions };
