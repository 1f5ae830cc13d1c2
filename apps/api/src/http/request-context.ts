import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyRequest } from 'fastify';
import { uuidFromSeed, type DeciderLike, type ExecuteOptions, type RecordedCommand } from '#event-store';
import type { CommandMetadata, DomainActor } from '#domain';
import { DecideCommand } from '#platform';
import type { AuthUser } from '../auth/auth.types.js';
import { CodedHttpError } from './problem.filter.js';

/** A domain command as a route writes it: the request adds the `metadata` (actor, now). */
export type RouteCommand<C> = C extends { metadata: CommandMetadata } ? Omit<C, 'metadata'> : never;

/** What a command route needs about its request: who, when, why, and the concurrency pin. */
export interface RequestContext {
  user: AuthUser;
  /**
   * The caller as the domain and the audit trail see it, built once from the verified token:
   * the command's `metadata.actor` and the events' audit `actor` are this one object.
   */
  actor: DomainActor;
  /** The domain's view: actor and "now". */
  metadata: CommandMetadata;
  /** How the command path runs this request's command: its audit context and the `If-Match` pin. */
  execution: ExecuteOptions;
  /** Present when the client sent `Idempotency-Key`: ids made from it are stable across repeats. */
  idempotencyKey?: string;
  /** A server-made id for a resource this request creates, stable under `Idempotency-Key`. */
  newId(purpose?: string): string;
  /**
   * This request's command for the CommandBus: `command` with this request's metadata, decided
   * on `stream` by `decider`, answering once the stream category's read models show it.
   */
  decide<C extends { metadata: CommandMetadata }, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: DeciderLike<C, E, S>,
    command: RouteCommand<C>,
  ): DecideCommand<C, E, S>;
  /**
   * A further command of the same request on another stream (a dispatch's child, a cascade):
   * its own command id, derived from this request's and `step`, so a repeat of the request
   * (same `Idempotency-Key`) appends nothing twice and an interrupted one completes; caused by
   * the request's command; never pinned by `If-Match`, which is about the first stream.
   */
  decideFollowUp<C extends { metadata: CommandMetadata }, E extends { type: string; data: unknown }, S>(
    step: string,
    stream: string,
    decider: DeciderLike<C, E, S>,
    command: RouteCommand<C>,
  ): DecideCommand<C, E, S>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Where the request's command put its first event (set once the command path ran it; null
     * when it appended nothing): the idempotency record keeps it, to check before a replay.
     */
    recordedCommand?: RecordedCommand | null;
  }
}

/** Parses `If-Match: "<revision>"` (a weak `W/` prefix is tolerated); 400 when malformed. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0]! : header;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!m) throw new CodedHttpError(400, 'REQUEST.BAD_IF_MATCH');
  return Number(m[1]);
}

/** Builds the {@link RequestContext} from the verified user and the request headers. */
export function buildRequestContext(req: FastifyRequest & { user?: AuthUser }): RequestContext {
  const user = req.user!;
  // The app's clock stamped the request when it arrived (a spec may have set that clock).
  const now = new Date(req.receivedAt ?? Date.now()).toISOString();
  const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
  const correlationId = String(req.id);
  // With an Idempotency-Key the command id (and so every event id) is a function of the key,
  // so a repeat appends nothing even if the key's record in Redis was lost.
  // The route is part of the seed: a key reused on another resource after its Redis record
  // expired must not collide with the first command's event ids (they are globally unique).
  const commandId = key ? uuidFromSeed(`cmd\u0000${user.id}\u0000${req.method} ${req.url}\u0000${key}`) : randomUUID();
  const actor: DomainActor = { id: user.id, roles: [...user.roles], ...(user.unit ? { unit: user.unit } : {}) };
  const metadata: CommandMetadata = { actor, now };
  const ifMatch = parseIfMatch(req.headers['if-match']);
  const execution: ExecuteOptions = {
    context: { actor, occurredAt: now, correlationId, causationId: correlationId, commandId },
    ...(ifMatch !== undefined ? { pinnedRevision: ifMatch } : {}),
  };
  let counter = 0;
  return {
    user,
    actor,
    metadata,
    execution,
    ...(key ? { idempotencyKey: key } : {}),
    newId: (purpose = 'id') => (key ? uuidFromSeed(`${purpose}\u0000${user.id}\u0000${key}\u0000${counter++}`) : uuidv7()),
    decide: (stream, decider, command) =>
      // The cast re-attaches what RouteCommand<C> took off; TypeScript cannot see through the distribution.
      new DecideCommand(
        stream,
        decider,
        { ...command, metadata } as unknown as Parameters<typeof decider.decide>[0],
        execution,
        'category',
        (outcome) => {
          // The request's own command (not a follow-up): the first one that recorded anything.
          req.recordedCommand ??= outcome.recorded;
        },
      ),
    decideFollowUp: (step, stream, decider, command) => {
      const followUp: ExecuteOptions = {
        context: { ...execution.context, causationId: commandId, commandId: uuidFromSeed(`${commandId}\u0000${step}`) },
      };
      return new DecideCommand(
        stream,
        decider,
        { ...command, metadata } as unknown as Parameters<typeof decider.decide>[0],
        followUp,
        'category',
      );
    },
  };
}

/** The {@link RequestContext} of the request being handled (what `@Ctx()` injects). */
export function requestContextOf(_: unknown, ctx: ExecutionContext): RequestContext {
  return buildRequestContext(ctx.switchToHttp().getRequest());
}

/**
 * Injects the {@link RequestContext}. A route that takes it honours `If-Match` (the OpenAPI
 * document declares the header and the 412 on exactly those routes).
 */
export const Ctx = createParamDecorator(requestContextOf);
