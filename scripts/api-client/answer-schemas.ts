import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tsj from 'ts-json-schema-generator';

/**
 * The answer schemas of the OpenAPI document, generated from the TypeScript types the routes
 * answer with (`apps/api/src/<capability>/<x>.responses.ts`, most of them the read models' own
 * view types re-exported), so a schema can never drift from the type: the only hand-written
 * description of an answer is its type.
 */
export const ANSWER_SCHEMAS_FILE = 'apps/api/src/http/openapi/answer-schemas.generated.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = 'apps/api/src';

/**
 * Strings that hold an instant (`format: date-time`) or a calendar day (`format: date`). The
 * domain keeps both as plain strings; the names follow one convention (`…At` for instants,
 * `…Date` for days), plus the due instants named after what they are. The end-to-end tier checks
 * every answer against these formats, so a field that broke the convention would fail there.
 */
const DATE_TIME_NAMES =
  /At$|^(deadline|due|acknowledgeBy|asOf|from|to|dueBefore|since|until|newDeadline|oldDeadline|previousDeadline|time|timestamp|occurredAt|startsAt|endsAt)$/;
const DATE_NAMES = /Date$/;

type Schema = { [key: string]: unknown };

/** The files whose exported types are answers. */
function answerFiles(): string[] {
  return readdirSync(path.join(ROOT, SRC), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(ROOT, SRC, d.name))
        .filter((f) => f.endsWith('.responses.ts'))
        .map((f) => `${SRC}/${d.name}/${f}`),
    )
    .sort();
}

/** The names a responses file exports (declared there or re-exported). */
function exportedNames(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const declared = [...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  const reexported = [...text.matchAll(/^export type \{([^}]+)\} from/gm)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  );
  return [...declared, ...reexported];
}

function isStringSchema(s: Schema): boolean {
  return s['type'] === 'string' || (Array.isArray(s['type']) && s['type'].includes('string') && !s['enum']);
}

/** JSON Schema draft-07 as the generator writes it → OpenAPI 3.1 components, with the formats above. */
function toComponent(schema: unknown, property?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toComponent(s));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace('#/definitions/', '#/components/schemas/');
    else if (key === 'properties')
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, toComponent(s, name)]));
    else out[key] = toComponent(value);
  }
  if (property !== undefined && isStringSchema(out) && out['format'] === undefined) {
    if (DATE_NAMES.test(property)) out['format'] = 'date';
    else if (DATE_TIME_NAMES.test(property)) out['format'] = 'date-time';
  }
  return out;
}

function sortKeys<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}

/** Where each answer type is declared: the responses file itself, or the read model / domain file it re-exports. */
function declarations(program: ReturnType<typeof tsj.createProgram>): Map<string, string> {
  const checker = program.getTypeChecker();
  const found = new Map<string, string>();
  for (const file of program.getRootFileNames()) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      // `export type { X } from` is an alias: the generator wants the declaration itself.
      const symbol = exported.declarations?.some((d) => d.kind === 281 /* ExportSpecifier */)
        ? checker.getAliasedSymbol(exported)
        : exported;
      const declared = symbol.declarations?.[0]?.getSourceFile().fileName;
      if (declared) found.set(exported.name, path.relative(ROOT, declared));
    }
  }
  return found;
}

/** The generated module: the answer types by schema name (for the decorators' type check) and their schemas. */
export function renderAnswerSchemas(): string {
  const files = answerFiles();
  const options = {
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    expose: 'export' as const,
    jsDoc: 'extended' as const,
    topRef: true,
    skipTypeCheck: true,
    additionalProperties: false,
  };
  const config = { ...tsj.DEFAULT_CONFIG, ...options, path: path.join(ROOT, `${SRC}/*/*.responses.ts`) };
  // One program for both steps: the responses files import every file that declares an answer
  // type, so the generator finds them all there (a second program parsed the same files again).
  const program = tsj.createProgram(config);
  const declared = declarations(program);
  const generator = new tsj.SchemaGenerator(program, tsj.createParser(program, config), tsj.createFormatter(config), config);
  const definitions: Record<string, unknown> = {};
  for (const name of [...declared.keys()].sort()) {
    for (const [n, s] of Object.entries(generator.createSchema(name).definitions ?? {})) {
      if (n in definitions && JSON.stringify(definitions[n]) !== JSON.stringify(s)) throw new Error(`two different types are named ${n}`);
      definitions[n] = s;
    }
  }
  const components = sortKeys(Object.fromEntries(Object.entries(definitions).map(([name, s]) => [name, toComponent(s)])));
  const imports = files.map((f) => ({ file: f, names: exportedNames(f).sort() }));
  const names = imports.flatMap((i) => i.names).sort();
  for (const name of names) if (!(name in components)) throw new Error(`no schema generated for the answer type ${name}`);
  const rel = (f: string) => `../../${path.posix.relative(`${SRC}`, f).replace(/\.ts$/, '.js')}`;
  return [
    '// Generated by `npm run api-client` from the answer types of apps/api/src/*/*.responses.ts. Do not edit:',
    '// change the types and regenerate. test/api-contract.e2e-spec.ts fails while this file is out of date.',
    ...imports.map((i) => `import type { ${i.names.join(', ')} } from '${rel(i.file)}';`),
    '',
    "/** Every answer type by the name of its schema: what `@ApiAnswer(name)` checks a route's return type against. */",
    'export interface AnswerTypes {',
    ...names.map((n) => `  ${n}: ${n};`),
    '}',
    '',
    '/** The schemas of the answer types and of every type they refer to (OpenAPI 3.1, JSON Schema 2020-12). */',
    `export const ANSWER_SCHEMAS: Record<string, object> = ${JSON.stringify(components, null, 2)};`,
    '',
  ].join('\n');
}
