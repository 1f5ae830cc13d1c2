// ESM loader hooks: resolve `.js` imports to their `.ts` sources and the `#lib` aliases to the
// libs' sources, then compile TypeScript with swc (decorators and their metadata on).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import swc from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const aliases = {
  '#event-store': 'libs/event-store/src/index.ts',
  '#domain': 'libs/domain/src/index.ts',
  '#read-models': 'libs/read-models/src/index.ts',
  '#reminders': 'libs/reminders/src/index.ts',
  '#platform': 'libs/platform/src/index.ts',
};

export async function resolve(specifier, context, next) {
  if (aliases[specifier]) {
    return { url: pathToFileURL(path.join(root, aliases[specifier])).href, shortCircuit: true };
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
  const { code } = await swc.transform(source, {
    filename: fileURLToPath(url),
    swcrc: false,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
