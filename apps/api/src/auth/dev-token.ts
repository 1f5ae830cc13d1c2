import { SignJWT } from 'jose';
import type { Role } from '#domain';

/** Claims of a development or test token. */
export interface DevTokenClaims {
  sub: string;
  roles: Role[];
  unit?: string;
  name?: string;
}

/**
 * Signs an HS256 token as an identity provider would. For development (`npm run token`) and
 * tests only: production tokens come from the organisation's provider.
 */
export async function signDevToken(secret: string, claims: DevTokenClaims, expiresIn: string | number = '8h'): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
