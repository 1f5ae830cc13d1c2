/** What the console reads from a bearer token's claims (it never verifies them: the API does). */
export interface SessionUser {
  id: string;
  name?: string;
  roles: string[];
  unit?: string;
  /** Epoch seconds. */
  exp: number;
}

/** The claims of a JWT, or null when it is not one. */
export function readToken(token: string): SessionUser | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return {
      id: claims.sub,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
      exp: claims.exp,
      ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
      ...(typeof claims.unit === 'string' ? { unit: claims.unit } : {}),
    };
  } catch {
    return null;
  }
}

/** Whether the token is past its `exp` at `nowMs`. */
export function isExpired(user: SessionUser, nowMs: number): boolean {
  return user.exp * 1000 <= nowMs;
}
