import { RequestMethod, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '#platform';
import { ROUTE_ACCESS, type RouteAccess } from '../../route.access.js';
import { EtagInterceptor } from '../etag.interceptor.js';
import { PROBLEM_CONTENT_TYPE } from '../problem.js';
import { requestContextOf } from '../request-context.js';
import { ANSWER_SCHEMAS } from './answer-schemas.generated.js';
import { API_ANSWER, API_PROBLEMS, type ApiAnswerSpec } from './api-answer.decorators.js';
import { OPERATION_SUMMARIES, OPERATION_TAGS } from './operation-summaries.js';

type Json = Record<string, unknown>;
type Operation = Json & {
  parameters?: Json[];
  requestBody?: unknown;
  responses?: Json;
  summary?: string;
  description?: string;
  tags?: string[];
};

/** What the code already knows about one route, from which its problems and headers are derived. */
interface RouteFacts {
  /** `METHOD /path` with `:params`, as route.access.ts and API.md write it. */
  key: string;
  method: 'get' | 'post';
  /** The OpenAPI path (`/tasks/{id}`). */
  path: string;
  access: RouteAccess | undefined;
  answer: ApiAnswerSpec | undefined;
  successStatus: number;
  /** Takes the request context: honours `If-Match` and appends through the event store. */
  command: boolean;
  /** Its controller sets `ETag` from the answer's revision. */
  etag: boolean;
  extraProblems: number[];
}

/** Status → what the problem means, as the document says it (Chinese first, as the API answers by default). */
const PROBLEM_TEXT: Record<number, string> = {
  400: '请求无效：`errors[]` 逐项指明字段 (invalid request; errors[] names each field)',
  401: '未认证：缺少或无效的令牌 (no valid bearer token)',
  403: '无权操作：角色或归属不符 (the caller may not do this)',
  404: '不存在 (not found)',
  409: '状态冲突：当前状态不允许，或 Idempotency-Key 已用于不同请求 (conflict with the current state, or a reused Idempotency-Key)',
  412: '版本不符：If-Match 与当前修订号不一致 (If-Match does not match the current revision)',
  413: '请求体过大 (request body too large)',
  416: '请求的范围无效：超出文件末尾，`Content-Range` 给出文件大小 (the range starts past the end of the file)',
  415: '不支持的内容类型：请求体须为 application/json (the body must be application/json)',
  429: '请求过于频繁（设置 RATE_LIMIT 时）(rate limited, when RATE_LIMIT is set)',
  503: '事件存储暂不可用，稍后重试 (the event store is unavailable; retry after Retry-After)',
};

const JSON_TYPE = 'application/json';

/** The shared schemas, parameters and headers the operations refer to. */
const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details, with a stable `code` and, for 400, the fields at fault in `errors`.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      description: '`urn:reform-ledger:problem:<code>`, or `about:blank`',
      examples: ['urn:reform-ledger:problem:TASK.NOT_FOUND'],
    },
    title: { type: 'string', description: 'Short text of the problem, in the language negotiated from Accept-Language' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: {
      type: 'string',
      description: 'Stable code to branch on (`TASK.NOT_FOUND`, `REQUEST.INVALID`); the same in every language',
      examples: ['TASK.NOT_FOUND'],
    },
    errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    instance: { type: 'string', description: 'The request path' },
  },
};
const FIELD_ERROR_SCHEMA = {
  type: 'object',
  required: ['path', 'message'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', description: 'The field, as the request names it (`milestones[0].due`); empty for the whole request' },
    message: { type: 'string' },
  },
};
const PARAMETERS = {
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The revision the change is based on (the `ETag` of the resource read before): a 412 when the resource has changed since.',
    schema: { type: 'string', examples: ['"3"'] },
  },
  Range: {
    name: 'Range',
    in: 'header',
    required: false,
    description: 'One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-500`): a 206 with that part, a 416 when it starts past the end.',
    schema: { type: 'string', examples: ['bytes=0-1023'] },
  },
  IfRange: {
    name: 'If-Range',
    in: 'header',
    required: false,
    description: 'The `ETag` the range is based on: when it is no longer current, the whole file is answered (200).',
    schema: { type: 'string' },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An `ETag` held from an earlier download: a 304 without the bytes when it is still current.',
    schema: { type: 'string' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: a repeat with the same key and body gets the first answer (`Idempotent-Replayed: true`); with ' +
      'another body, a 409.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
};
const HEADERS = {
  ETag: { description: 'The resource revision, quoted; send it back in If-Match', schema: { type: 'string' } },
  IdempotentReplayed: {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
  FileETag: { description: "The file's SHA-256, quoted: send it back in If-None-Match or If-Range", schema: { type: 'string' } },
  ContentDisposition: {
    description: '`attachment` with the name the file was uploaded under (RFC 6266: an ASCII `filename` and the UTF-8 `filename*`)',
    schema: { type: 'string' },
  },
  AcceptRanges: { description: '`bytes`: ranges may be asked for', schema: { type: 'string', enum: ['bytes'] } },
  ContentRange: { description: '`bytes start-end/size` of a partial answer; `bytes */size` with a 416', schema: { type: 'string' } },
  ContentLength: { description: 'Bytes in this answer', schema: { type: 'integer', minimum: 0 } },
  CacheControl: { description: '`private, no-cache`: who may read depends on the caller', schema: { type: 'string' } },
  WwwAuthenticate: { description: 'The scheme to authenticate with (`Bearer`)', schema: { type: 'string' } },
};

const PAGE_SUFFIX = 'Page';

/** `{ items, nextCursor }` of `name`. */
function pageSchema(name: string): Json {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } },
      nextCursor: { type: ['string', 'null'], description: 'Opaque cursor of the next page (`cursor=`); `null` on the last page' },
    },
  };
}

/**
 * Nest's explorer writes OpenAPI 3.0 (`nullable: true`); the document is 3.1, where null is a
 * type: `{ type: 'string', nullable: true }` → `{ type: ['string', 'null'] }`, a nullable `$ref`
 * or `allOf` → `anyOf` with `{ type: 'null' }`.
 */
function nullableTo31(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableTo31);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, nullableTo31(v)])) as Json;
  if (nullable !== true) return rest;
  if (typeof rest['type'] === 'string' && rest['allOf'] === undefined && rest['$ref'] === undefined)
    return { ...rest, type: [rest['type'], 'null'] };
  // A nullable reference (`{ type: 'object', nullable: true, allOf: [{ $ref }] }`): the reference or null.
  const { description, type: _type, ...inner } = rest;
  const only =
    Array.isArray(inner['allOf']) && inner['allOf'].length === 1 && Object.keys(inner).length === 1
      ? (inner['allOf'] as unknown[])[0]
      : inner;
  return { ...(description !== undefined ? { description } : {}), anyOf: [only, { type: 'null' }] };
}

/** Joins Nest's controller and method paths the way its router does. */
function joinPath(...parts: Array<string | string[] | undefined>): string {
  const segments = parts
    .flatMap((p) => (Array.isArray(p) ? p[0] : p) ?? '')
    .flatMap((p) => p.split('/'))
    .filter(Boolean);
  return `/${segments.join('/')}`;
}

/** Every route of the app's controllers with the facts the document is derived from. */
function routeFacts(app: NestFastifyApplication): RouteFacts[] {
  const facts: RouteFacts[] = [];
  const controllers = new Set<Type>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) controllers.add(wrapper.metatype as Type);
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
    const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? [];
    const classProblems = (Reflect.getMetadata(API_PROBLEMS, controller) as number[] | undefined) ?? [];
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      // The descriptor, not the property: reading a getter (`get db()`) would run it.
      const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (verb === undefined || own === undefined) continue;
      const method = verb === RequestMethod.POST ? 'post' : 'get';
      const routePath = joinPath(base, own);
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<string, { factory?: unknown }> | undefined) ?? {};
      const key = `${method.toUpperCase()} ${routePath}`;
      facts.push({
        key,
        method,
        path: routePath.replace(/:([A-Za-z_]\w*)/g, '{$1}'),
        access: ROUTE_ACCESS[key],
        answer: Reflect.getMetadata(API_ANSWER, handler) as ApiAnswerSpec | undefined,
        successStatus: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200),
        command: method === 'post' && Object.values(args).some((a) => a.factory === requestContextOf),
        etag: interceptors.includes(EtagInterceptor),
        extraProblems: [...classProblems, ...((Reflect.getMetadata(API_PROBLEMS, handler) as number[] | undefined) ?? [])],
      });
    }
  }
  return facts;
}

/**
 * The problems a route can give, from its facts: 401 unless public; 403 when only some roles
 * or an owner may call it; 404 for a route with path parameters (or a stranger's 404); 400 for
 * anything with query parameters or a body; 413 and 415 with a body; 409 for every authenticated
 * POST (its Idempotency-Key, its state); 412 and 503 for commands (If-Match, the event store); 429 for every
 * rate-limited route.
 */
function problemsOf(f: RouteFacts, op: Operation): number[] {
  const problems = new Set<number>(f.extraProblems);
  const roles = f.access?.roles;
  const authenticated = roles !== 'public';
  if (authenticated) problems.add(401).add(429);
  if (Array.isArray(roles) || (f.access?.owner && f.access.owner.stranger !== 404)) problems.add(403);
  if (f.path.includes('{') || f.access?.owner?.stranger === 404) problems.add(404);
  // Path parameters are not among them: an id that cannot exist is a 404 (ResourceIdPipe).
  if ((op.parameters ?? []).some((p) => p['in'] === 'query') || op.requestBody || (f.method === 'post' && authenticated)) problems.add(400);
  if (f.method === 'post' && authenticated) problems.add(409);
  if (op.requestBody) problems.add(413).add(415);
  if (f.command) problems.add(412).add(503);
  return [...problems].sort();
}

/**
 * The success responses of a route from its `@ApiAnswer…` declaration; a route that declares
 * its answer as a response class of its own (`@ApiOkResponse({ type })`) keeps Nest's rendering.
 */
function successResponses(f: RouteFacts, op: Operation): Json {
  const answer = f.answer;
  if (!answer) {
    const declared = Object.entries(op.responses ?? {}).filter(
      ([status, r]) => status.startsWith('2') && Object.keys((r as Json)['content'] ?? {}).length > 0,
    );
    if (declared.length === 0)
      throw new Error(
        `${f.key} declares no answer: give it @ApiAnswer, @ApiAnswerList, @ApiPage, @ApiAnswerText or @ApiOkResponse({ type })`,
      );
    return Object.fromEntries(declared.map(([status, r]) => [status, { ...(r as Json), description: (r as Json)['description'] || 'OK' }]));
  }
  if (answer.kind === 'file') return fileResponses();
  if (answer.kind === 'text') {
    const schema = answer.binary ? { type: 'string', format: 'binary' } : { type: 'string' };
    return { [f.successStatus]: { description: 'OK', content: Object.fromEntries(answer.contentTypes.map((t) => [t, { schema }])) } };
  }
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const schema =
    answer.kind === 'one'
      ? ref(answer.schema)
      : answer.kind === 'list'
        ? { type: 'array', items: ref(answer.schema) }
        : ref(`${answer.schema}${PAGE_SUFFIX}`);
  const answerSchema = ANSWER_SCHEMAS[answer.schema] as Json | undefined;
  if (!answerSchema) throw new Error(`${f.key} answers ${answer.schema}, which has no generated schema: run \`npm run api-client\``);
  const hasRevision = answer.kind === 'one' && JSON.stringify(answerSchema['properties'] ?? {}).includes('"revision"');
  const headers = {
    ...(f.etag && hasRevision ? { ETag: { $ref: '#/components/headers/ETag' } } : {}),
    ...(f.method === 'post' && f.access?.roles !== 'public'
      ? { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } }
      : {}),
  };
  const response = {
    description: f.successStatus === 201 ? 'Created' : 'OK',
    ...(Object.keys(headers).length ? { headers } : {}),
    content: { [JSON_TYPE]: { schema } },
  };
  return Object.fromEntries(
    [f.successStatus, ...(answer.alsoOn ?? [])].map((status) => [
      status,
      status === f.successStatus ? response : { ...response, description: 'Not ready' },
    ]),
  );
}

/** A stored file's bytes, whole or one range, or the conditional answers (see `ApiAnswerFile`). */
function fileResponses(): Json {
  const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
  const common = {
    ETag: header('FileETag'),
    'Content-Disposition': header('ContentDisposition'),
    'Accept-Ranges': header('AcceptRanges'),
    'Cache-Control': header('CacheControl'),
  };
  // The file's own media type (as judged from its bytes at upload).
  const bytes = { '*/*': { schema: { type: 'string', format: 'binary' } } };
  return {
    200: { description: 'The whole file', headers: { ...common, 'Content-Length': header('ContentLength') }, content: bytes },
    206: {
      description: 'The range asked for',
      headers: { ...common, 'Content-Range': header('ContentRange'), 'Content-Length': header('ContentLength') },
      content: bytes,
    },
    304: { description: 'Not modified: the ETag in If-None-Match is current', headers: common },
  };
}

function problemResponse(status: number): Json {
  const named: Record<number, [string, string]> = {
    401: ['WWW-Authenticate', 'WwwAuthenticate'],
    416: ['Content-Range', 'ContentRange'],
    503: ['Retry-After', 'RetryAfter'],
  };
  const headers = named[status] ? { [named[status][0]]: { $ref: `#/components/headers/${named[status][1]}` } } : undefined;
  return {
    description: PROBLEM_TEXT[status] ?? 'Problem',
    ...(headers ? { headers } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** Completes one operation from its route's facts: summary, answers, problems, headers. */
function describeOperation(f: RouteFacts, op: Operation): void {
  const summary = OPERATION_SUMMARIES[f.key];
  if (!summary) throw new Error(`${f.key} has no Chinese summary in apps/api/src/http/openapi/operation-summaries.ts`);
  const english = op.summary;
  op.summary = summary;
  const description = [english, op.description].filter((s): s is string => !!s && s.trim() !== '').join('\n\n');
  if (description) op.description = description;
  else delete op.description;
  const problems = problemsOf(f, op);
  // Nest's placeholder ("201: ''") is replaced by what the route really answers.
  op.responses = { ...successResponses(f, op), ...Object.fromEntries(problems.map((s) => [s, problemResponse(s)])) };
  const parameters = op.parameters ?? [];
  if (f.answer?.kind === 'file')
    for (const p of ['Range', 'IfRange', 'IfNoneMatch']) parameters.push({ $ref: `#/components/parameters/${p}` });
  if (f.command) parameters.push({ $ref: '#/components/parameters/IfMatch' });
  if (f.method === 'post' && f.access?.roles !== 'public') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  if (parameters.length > 0) op.parameters = parameters;
  if (f.access?.roles === 'public') op['security'] = [];
}

/**
 * The OpenAPI 3.1 document of the API, derived from the code: Nest's explorer gives paths,
 * parameters and request bodies; the answer schemas are generated from the routes' answer types;
 * each route's problems and headers follow from route.access.ts and its shape; summaries are
 * the Chinese ones of operation-summaries.ts. Throws for a route that lacks any of these, so a
 * route cannot be served undescribed.
 */
export function buildOpenApiDocument(app: NestFastifyApplication, config: AppConfig): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Reform Ledger')
      .setDescription(
        '改革台账：全面深化改革委员会的任务台账、决定、会签、联席会议与议定事项、督查整改、考核评估与审计。\n\n' +
          'System of record for the committee for deepening reform: reform task ledger, committee decisions, ' +
          'countersign matters, joint meetings and action items, inspections and rectifications, assessment, audit trails. ' +
          'Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`.',
      )
      .setVersion('0.1.0')
      .setLicense(
        'UNLICENSED (proprietary: not licensed for use outside the city administration)',
        'https://docs.npmjs.com/cli/configuring-npm/package-json#license',
      )
      .addServer('/', 'This deployment: the origin this document is served from')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addGlobalParameters({
        name: 'Accept-Language',
        in: 'header',
        required: false,
        description:
          'Language of problem texts (title, detail, errors[].message) and notification subjects: Simplified Chinese ' +
          `by default (${config.DEFAULT_LOCALE}), English with \`en\`; the best match of the header wins. ` +
          '`code`, field names and enum values are the same in every language.',
        schema: { type: 'string', example: 'en', default: config.DEFAULT_LOCALE },
      })
      .addSecurityRequirements('bearer')
      .build(),
  );
  const doc = document as unknown as Json & { paths: Record<string, Record<string, Operation>>; components: Json & { schemas?: Json } };
  doc['openapi'] = '3.1.0';
  doc['tags'] = OPERATION_TAGS;
  const schemas = (doc.components.schemas = nullableTo31(doc.components.schemas ?? {}) as Json);
  for (const [name, schema] of Object.entries({ ...ANSWER_SCHEMAS, Problem: PROBLEM_SCHEMA, FieldError: FIELD_ERROR_SCHEMA })) {
    if (name in schemas) throw new Error(`schema ${name} is both a request DTO and an answer type: rename one`);
    schemas[name] = schema;
  }
  doc.components['parameters'] = PARAMETERS;
  doc.components['headers'] = HEADERS;
  for (const f of routeFacts(app)) {
    const op = doc.paths[f.path]?.[f.method];
    if (!op) continue; // excluded from the document (metrics)
    describeOperation(f, op);
    if (f.answer && f.answer.kind === 'page') schemas[`${f.answer.schema}${PAGE_SUFFIX}`] = pageSchema(f.answer.schema);
  }
  doc.components.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return document;
}
