import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { CommandOutcome, DeciderLike } from '#event-store';
import { ExecuteCommand } from '#platform';
import type { RequestContext } from './request-context.js';

/**
 * What controllers use to write: puts an {@link ExecuteCommand} on the CommandBus with the
 * request's audit context and `If-Match` pin. The bus handler waits for the local projections,
 * so a controller can read its answer from the read model right after.
 */
@Injectable()
export class CommandGateway {
  constructor(private readonly bus: CommandBus) {}

  run<C, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: DeciderLike<C, E, S>,
    command: C,
    ctx: RequestContext,
  ): Promise<CommandOutcome<E, S>> {
    return this.bus.execute(new ExecuteCommand(stream, decider as DeciderLike<unknown, E, unknown>, command, ctx.command, ctx.ifMatch)) as Promise<
      CommandOutcome<E, S>
    >;
  }
}

/** Sets `ETag: "<revision>"` from a resource and returns it. */
export function withEtag<T extends { revision: number }>(reply: FastifyReply, resource: T): T {
  void reply.header('etag', `"${resource.revision}"`);
  return resource;
}
