import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#domain';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators.js';
import type { AuthedRequest } from './auth.types.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { InvalidToken, JwtVerifier } from './jwt-verifier.js';

/** The compact JWT of an `Authorization: Bearer <token>` header; null when there is none. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*\.[A-Za-z0-9\-_=]*)$/.exec(header.trim()) : null;
  return match ? match[1]! : null;
}

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`, and the
 * roles named by `@Roles()`. 401 for a missing or bad token, 403 for a missing role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req.headers['authorization']);
    if (!token) throw new CodedHttpError(401, 'AUTH.TOKEN_REQUIRED');
    try {
      req.user = await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof InvalidToken) throw new CodedHttpError(401, 'AUTH.INVALID_TOKEN', { reason: e.message });
      throw e;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !roles.some((r) => req.user!.roles.includes(r))) {
      throw new CodedHttpError(403, 'AUTH.ROLE_REQUIRED', { roles: roles.join(', ') });
    }
    return true;
  }
}
