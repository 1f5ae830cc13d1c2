import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, LoggedQueue, Translator } from '#platform';
import { REMINDER_QUEUE } from '#reminders';
import { InvalidToken, JwtVerifier } from '../auth/jwt-verifier.js';
import { CodedHttpError, sendProblem, toProblem } from '../http/problem.filter.js';

/** Where the admin queue dashboard is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The bull-board dashboard of the reminder queue, for admins only. It is a Fastify plugin,
 * outside Nest's guards, so a hook on its prefix verifies the bearer token itself with the
 * same {@link JwtVerifier}: 401 without a valid token, 403 without the admin role.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private queue: Queue | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: JwtVerifier,
    private readonly config: AppConfig,
    private readonly t: Translator,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    this.queue = new LoggedQueue(REMINDER_QUEUE, {
      connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null } as never,
      prefix: this.config.QUEUE_PREFIX,
    });
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // @bull-board/fastify pins its own copy of @bull-board/api: same shape, separate declarations.
    createBullBoard({ queues: [new BullMQAdapter(this.queue)], serverAdapter: serverAdapter as never });
    const { verifier, t } = this;
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
        const header = req.headers['authorization'];
        const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/.exec(header.trim())?.[1] : undefined;
        // The same refusals as the API's guard, worded in the reader's language.
        const refuse = (error: CodedHttpError) => {
          const locale = t.negotiate(req.headers['accept-language']);
          const p = toProblem(error, t, locale);
          p.instance = req.url;
          if (p.status === 401) void reply.header('www-authenticate', 'Bearer');
          void reply.header('content-language', locale);
          sendProblem(reply, p);
          return reply;
        };
        if (!token) return refuse(new CodedHttpError(401, 'AUTH.TOKEN_REQUIRED'));
        try {
          const user = await verifier.verify(token);
          if (!user.roles.includes('admin')) return refuse(new CodedHttpError(403, 'AUTH.ROLE_REQUIRED', { roles: 'admin' }));
        } catch (e) {
          if (e instanceof InvalidToken) return refuse(new CodedHttpError(401, 'AUTH.INVALID_TOKEN', { reason: e.message }));
          throw e;
        }
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
