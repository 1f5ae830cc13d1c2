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
export async function signDevToken(
  secret: string,
  claims: DevTokenClaims,
  expiresIn: string | number = '8h',
  /** The `iss` and `aud` the server requires when AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE are set. */
  audience: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (audience.issuer) jwt.setIssuer(audience.issuer);
  if (audience.audience) jwt.setAudience(audience.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
