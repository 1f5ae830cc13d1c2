import { randomUUID } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { EventStore } from '#event-store';
import { Clock, type AppConfig } from '#platform';
import { AppModule } from './app.module.js';
import { registerConsole } from './console/console.plugin.js';
import { CodedHttpError } from './http/problem.filter.js';
import { buildOpenApiDocument } from './http/openapi/openapi-document.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Security headers on every answer (@fastify/helmet). The content security policy is the one the
 * Swagger UI at /docs and the queue dashboard need: their scripts and styles are files of this
 * origin; both pages carry inline <style> blocks, so styles may be inline, scripts never.
 * Requests are not upgraded to https (an office intranet may serve plain http behind its own
 * gateway); HSTS is sent for deployments behind TLS, where browsers honour it.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
} as const;

/** Deepest nesting of objects and arrays a JSON body may have (API.md's bodies nest three levels at most). */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests objects or arrays more than `max` levels deep (iterative: a deep value cannot overflow the stack here). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export interface CreateAppOptions {
  eventStore?: EventStore;
  extraImports?: ModuleMetadata['imports'];
  /** Keep Nest's own logger quiet (tests). */
  silent?: boolean;
  /** The server's "now" (default the system clock); end-to-end specs set it. */
  clock?: Clock;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** When the request arrived, by the app's {@link Clock}: the "now" of everything it decides and reads. */
    receivedAt?: number;
  }
}

/**
 * Builds the API application on Fastify with every convention of API.md in place; `main.ts`
 * listens on it, end-to-end specs drive it directly.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT,
    http: { maxHeaderSize: config.HEADER_LIMIT },
    // Who the client is (rate limits by address, request logs): only the proxies configured
    // may say so in X-Forwarded-For; without TRUST_PROXY the header is ignored.
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    // The caller's correlation id is kept when it is a sane token, so logs and events join up.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION.test(given) ? given : randomUUID();
    },
  });
  // Loaded only when switched on (see RateLimitGuard for why).
  const rateLimit = config.RATE_LIMIT > 0 ? [(await import('./http/rate-limit.module.js')).rateLimitModule(config)] : [];
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      eventStore: options.eventStore,
      extraImports: [...rateLimit, ...(options.extraImports ?? [])],
      clock: options.clock,
    }),
    adapter,
    { bufferLogs: true, logger: options.silent ? false : undefined, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Nest's body parser is off: ours treats an empty JSON body as no body (command routes whose
  // body is optional, such as accept or recall), and otherwise is Fastify's own parser with its
  // prototype-poisoning protection.
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    jsonParser(req, body.toString(), (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      // class-transformer and class-validator recurse per level: a body nested thousands deep
      // overflowed the stack (a 500). No request of this API nests more than a few levels.
      if (nestedDeeperThan(value, MAX_JSON_DEPTH)) return done(new CodedHttpError(400, 'REQUEST.TOO_DEEP', { max: MAX_JSON_DEPTH }));
      done(null, value);
    });
  });
  const clock = app.get(Clock);
  fastify.addHook('onRequest', async (req) => {
    req.receivedAt = clock.now();
  });
  await app.register(helmet as never, SECURITY_HEADERS);
  // Evidence uploads (POST /files): one file part, streamed to the file store; the size limit
  // is enforced while the bytes arrive (one byte past FILE_MAX_BYTES here, so the route's own
  // meter is the one that trips and names the limit).
  await app.register(multipart as never, {
    limits: { fileSize: config.FILE_MAX_BYTES + 1, files: 1, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 64 },
  });
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
  });
  const consoleServed = await registerConsole(fastify, config);
  if (!consoleServed.served && !options.silent) app.get(Logger).warn(`No console at ${consoleServed.root}: npm run build builds it`);

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}
