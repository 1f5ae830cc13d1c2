// ESM loader hooks: resolve `.js` imports to their `.ts` sources and the `#lib` aliases to the
// libs' sources (package.json "imports", `source` condition), then compile TypeScript with the
// options of .swcrc (decorators and their metadata on).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import swc from '@swc/core';

const { ROOT, sourceAliases, swcOptions } = createRequire(import.meta.url)('../toolchain.cjs');
const aliases = sourceAliases();
const options = swcOptions();

export async function resolve(specifier, context, next) {
  if (Object.hasOwn(aliases, specifier)) {
    return { url: pathToFileURL(path.join(ROOT, aliases[specifier])).href, shortCircuit: true };
  }
  if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { code } = await swc.transform(source, { ...options, filename: fileURLToPath(url) });
  return { format: 'module', source: code, shortCircuit: true };
}
