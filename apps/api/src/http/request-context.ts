import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '#event-store';
import type { CommandMetadata } from '#domain';
import type { AuthUser } from '../auth/auth.types.js';
import { CodedHttpError } from './problem.filter.js';

/** What a command route needs about its request: who, when, why, and the concurrency pin. */
export interface RequestContext {
  user: AuthUser;
  /** Audit metadata for the events the command appends. */
  command: CommandContext;
  /** The domain's view: actor and "now". */
  metadata: CommandMetadata;
  /** Revision from `If-Match`, when the client pinned one. */
  ifMatch?: number;
  /** Present when the client sent `Idempotency-Key`: ids made from it are stable across repeats. */
  idempotencyKey?: string;
  /** A server-made id for a resource this request creates, stable under `Idempotency-Key`. */
  newId(purpose?: string): string;
}

/** Parses `If-Match: "<revision>"` (a weak `W/` prefix is tolerated); 400 when malformed. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0]! : header;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!m) throw new CodedHttpError(400, 'REQUEST.BAD_IF_MATCH', 'If-Match must be a quoted revision such as "3"');
  return Number(m[1]);
}

/** UUID-shaped id derived from a seed, for ids that must repeat when the request repeats. */
export function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Builds the {@link RequestContext} from the verified user and the request headers. */
export function buildRequestContext(req: FastifyRequest & { user?: AuthUser }): RequestContext {
  const user = req.user!;
  const now = new Date().toISOString();
  const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
  const correlationId = String(req.id);
  // With an Idempotency-Key the command id (and so every event id) is a function of the key,
  // so a repeat appends nothing even if the key's record in Redis was lost.
  // The route is part of the seed: a key reused on another resource after its Redis record
  // expired must not collide with the first command's event ids (they are globally unique).
  const commandId = key ? stableId(`cmd\u0000${user.id}\u0000${req.method} ${req.url}\u0000${key}`) : randomUUID();
  let counter = 0;
  return {
    user,
    command: {
      actor: { id: user.id, roles: [...user.roles], ...(user.unit ? { unit: user.unit } : {}) },
      occurredAt: now,
      correlationId,
      causationId: correlationId,
      commandId,
    },
    metadata: { actor: { id: user.id, roles: user.roles, ...(user.unit ? { unit: user.unit } : {}) }, now },
    ifMatch: parseIfMatch(req.headers['if-match']),
    ...(key ? { idempotencyKey: key } : {}),
    newId: (purpose = 'id') => (key ? stableId(`${purpose}\u0000${user.id}\u0000${key}\u0000${counter++}`) : uuidv7()),
  };
}

/** Injects the {@link RequestContext}. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  return buildRequestContext(ctx.switchToHttp().getRequest());
});
