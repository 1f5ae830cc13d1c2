import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthedRequest } from './auth.types.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { EXTRA_ROUTE_ACCESS, routeAccessOf, type RouteAccess } from '../route.access.js';
import { InvalidToken, JwtVerifier } from './jwt-verifier.js';

/** The compact JWT of an `Authorization: Bearer <token>` header; null when there is none. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*\.[A-Za-z0-9\-_=]*)$/.exec(header.trim()) : null;
  return match ? match[1]! : null;
}

/**
 * Global guard: who may call a route is its entry in `route.access.ts`, the one table of it.
 * `public` needs no token; every other route a valid bearer token (401 without one) and, when
 * the entry lists roles, one of them (403). A route the table does not name is refused (500):
 * it fails closed, and the authorisation matrix names the missing entry. Ownership is the
 * deciders' rule, checked after this.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: JwtVerifier,
    @Optional() @Inject(EXTRA_ROUTE_ACCESS) private readonly extra: Readonly<Record<string, RouteAccess>> | null,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthedRequest>();
    const access = routeAccessOf(req, this.extra ?? {});
    if (!access) throw new Error(`${req.method} ${req.routeOptions?.url ?? req.url} has no entry in route.access.ts`);
    if (access.roles === 'public') return true;
    const token = bearerToken(req.headers['authorization']);
    if (!token) throw new CodedHttpError(401, 'AUTH.TOKEN_REQUIRED');
    try {
      req.user = await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof InvalidToken) throw new CodedHttpError(401, 'AUTH.INVALID_TOKEN', { reason: e.message });
      throw e;
    }
    const roles = access.roles;
    if (roles !== 'any' && !roles.some((r) => req.user!.roles.includes(r))) {
      throw new CodedHttpError(403, 'AUTH.ROLE_REQUIRED', { roles: roles.join(', ') });
    }
    return true;
  }
}
