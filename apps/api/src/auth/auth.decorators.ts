import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '#domain';
import type { AuthedRequest, AuthUser } from './auth.types.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The route needs no token (health, docs, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles; ownership is checked by the domain. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The verified caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return req.user!;
});
