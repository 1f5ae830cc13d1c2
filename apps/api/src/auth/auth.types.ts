import type { Role } from '#domain';

/** The verified caller, built from the JWT claims only. */
export interface AuthUser {
  id: string;
  roles: Role[];
  unit?: string;
  name?: string;
}

/** The Fastify request as the guards leave it. */
export interface AuthedRequest {
  user?: AuthUser;
  headers: Record<string, string | string[] | undefined>;
  id?: string;
}
