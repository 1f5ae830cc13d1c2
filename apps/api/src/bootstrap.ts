import { randomUUID } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { EventStore } from '#event-store';
import type { AppConfig } from '#platform';
import { AppModule } from './app.module.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreateAppOptions {
  eventStore?: EventStore;
  extraImports?: ModuleMetadata['imports'];
  /** Keep Nest's own logger quiet (tests). */
  silent?: boolean;
}

/**
 * Builds the API application on Fastify with every convention of API.md in place; `main.ts`
 * listens on it, end-to-end specs drive it directly.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT,
    requestIdHeader: false,
    // The caller's correlation id is kept when it is a sane token, so logs and events join up.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, eventStore: options.eventStore, extraImports: options.extraImports }),
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
    jsonParser(req, body.toString(), done);
  });
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Reform Ledger')
      .setDescription(
        'System of record for the committee for deepening reform: reform task ledger, committee decisions, ' +
          'countersign matters, joint meetings and action items, inspections and rectifications, audit trails.',
      )
      .setVersion('0.1.0')
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}
