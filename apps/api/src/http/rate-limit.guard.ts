import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EXTRA_ROUTE_ACCESS, routeAccessOf, type RouteAccess } from '../route.access.js';

/** The rate limiter `rateLimitModule` provides when `RATE_LIMIT` is set. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');

/**
 * Global guard, registered before the auth guard so requests without a valid token are
 * limited too: asks the rate limiter when there is one (`RATE_LIMIT` set), lets everything
 * through otherwise. Public routes of `route.access.ts` (health probes, metrics) are never limited.
 *
 * The limiter itself (`rate-limit.module.ts`) is loaded only when switched on: @nestjs/throttler
 * is CommonJS requiring the ESM-only @nestjs/common, which Node 20.19 loads and Jest cannot, so
 * the app's module graph must not import it unless it is used.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Optional() @Inject(RATE_LIMITER) private readonly limiter: CanActivate | null,
    @Optional() @Inject(EXTRA_ROUTE_ACCESS) private readonly extra: Readonly<Record<string, RouteAccess>> | null,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (!this.limiter || ctx.getType() !== 'http') return true;
    if (routeAccessOf(ctx.switchToHttp().getRequest<FastifyRequest>(), this.extra ?? {})?.roles === 'public') return true;
    return (await this.limiter.canActivate(ctx)) as boolean;
  }
}
