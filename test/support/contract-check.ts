import { appendFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks every answer an end-to-end spec receives against the OpenAPI document the app serves:
 * the status must be declared for the operation, and a JSON body must match the schema declared
 * for that status (a problem the shared `Problem`). A mismatch throws from the request helper,
 * so it fails the test that made the request. Each checked answer is appended to the file named
 * by `CONTRACT_COVERAGE_FILE` (set by the e2e tier's global setup), from which the global
 * teardown prints which operations × statuses the tier exercised.
 */

type Json = Record<string, unknown>;
type Response = { content?: Record<string, { schema?: Json }> };
type Operation = { responses?: Record<string, Response> };

interface Route {
  method: string;
  /** The document's path (`/tasks/{id}`). */
  path: string;
  pattern: RegExp;
  literals: number;
  operation: Operation;
}

/** A checker for one served document. */
export interface ContractChecker {
  /** Throws when the answer breaks the contract; answers to routes the document does not describe pass unchecked. */
  check(method: string, url: string, status: number, headers: Record<string, unknown>, body: unknown, text: string): void;
}

const DOC_ID = 'openapi';

/** `#/components/...` → `openapi#/components/...`: the refs resolve into the document registered whole. */
function anchored(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : anchored(v),
    ]),
  );
}

function routesOf(document: Json): Route[] {
  const routes: Route[] = [];
  for (const [p, methods] of Object.entries(document['paths'] as Record<string, Record<string, Operation>>)) {
    const pattern = new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(methods))
      routes.push({
        method: method.toUpperCase(),
        path: p,
        pattern,
        literals: p.split('/').filter((s) => s && !s.startsWith('{')).length,
        operation,
      });
  }
  // `/tasks/summary` before `/tasks/{id}`: the router prefers literal segments too.
  return routes.sort((a, b) => b.literals - a.literals);
}

/** Builds the checker of `document` (the served `/docs-json`). */
export function contractChecker(document: Json): ContractChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, DOC_ID);
  const routes = routesOf(document);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: Json): ValidateFunction => {
    let v = compiled.get(key);
    if (!v) compiled.set(key, (v = ajv.compile(anchored(schema) as Json)));
    return v;
  };
  return {
    check(method, url, status, headers, body, text) {
      const pathname = url.split('?')[0]!;
      const route = routes.find((r) => r.method === method && r.pattern.test(pathname));
      if (!route) return;
      const where = `${method} ${url} → ${status} (${route.method} ${route.path})`;
      const declared = route.operation.responses?.[String(status)];
      if (!declared)
        throw new Error(
          `contract: ${where}: the document declares no ${status} for this operation (declared: ` +
            `${Object.keys(route.operation.responses ?? {}).join(', ')})`,
        );
      const file = process.env['CONTRACT_COVERAGE_FILE'];
      if (file) appendFileSync(file, `${route.method} ${route.path} ${status}\n`);
      const contentType = String(headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      const content = declared.content ?? {};
      if (Object.keys(content).length === 0) return;
      // Declared types may carry parameters (`text/csv; charset=utf-8`): the media type is what must match.
      // A declared range (`*/*`, `image/*`) covers the types it names, as in OpenAPI.
      const covers = (declaredType: string) => {
        const [type, sub] = declaredType.split(';')[0]!.trim().split('/');
        return `${type}/${sub}` === contentType || (sub === '*' && (type === '*' || contentType.startsWith(`${type}/`)));
      };
      const media = Object.entries(content).find(([declaredType]) => covers(declaredType))?.[1];
      if (!media)
        throw new Error(
          `contract: ${where}: answered ${contentType || 'no content type'}, the document declares ${Object.keys(content).join(', ')}`,
        );
      // JSON documents only: NDJSON, CSV and spreadsheets are checked for their type above.
      if (!(contentType === 'application/json' || contentType.endsWith('+json')) || !media.schema) return;
      if (text === '') throw new Error(`contract: ${where}: empty body where the document declares JSON`);
      const validate = validator(`${route.method} ${route.path} ${status} ${contentType}`, media.schema);
      if (!validate(body)) {
        const errors = (validate.errors ?? [])
          .slice(0, 8)
          .map(
            (e) =>
              `${e.instancePath || '(body)'} ` +
              `${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params['additionalProperty'])}` : ''}`,
          );
        throw new Error(
          `contract: ${where}: the answer does not match its declared schema:\n  ${errors.join('\n  ')}\nbody: ${text.slice(0, 600)}`,
        );
      }
    },
  };
}
