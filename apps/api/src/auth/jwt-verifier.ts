import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from '#domain';
import { AppConfig } from '#platform';
import type { AuthUser } from './auth.types.js';

/** Why a token was refused; the guard turns it into a 401 without echoing the token. */
export class InvalidToken extends Error {}

/** How many verified tokens are remembered (least recently used dropped first). */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/**
 * Longest time a verified token is remembered, whatever its `exp`: bounds how long a token
 * signed by a key since removed from the JWKS is still accepted (jose itself keeps a fetched
 * JWKS for ten minutes).
 */
const VERIFIED_TOKEN_MAX_AGE_MS = 5 * 60_000;

interface VerifiedToken {
  user: AuthUser;
  /** Epoch ms until which the token may be accepted without verifying it again. */
  validUntilMs: number;
}

/**
 * Verifies bearer tokens with jose: HS256 with `AUTH_JWT_SECRET`, or RS256/ES256 keys from
 * `AUTH_JWKS_URL`. Algorithms are pinned, so `alg: none` and algorithm-confusion tokens fail.
 * `sub` and `exp` are required, `roles` must be an array of known roles, `iss`/`aud` must match
 * when configured, and a token may not live longer than `AUTH_MAX_TOKEN_AGE`.
 *
 * A client sends the same token with every request, and checking its signature was a
 * measurable share of a request's CPU, so a token that verified is remembered (by its exact
 * string, in a bounded LRU) with the user built from it until its `exp` (at most five
 * minutes): the same string carries the same signature, claims and expiry, so nothing the
 * verification checked can have changed except time, and expiry is checked again on every
 * hit exactly as jose checks it. Failures are never remembered.
 */
@Injectable()
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  /**
   * The HS256 secret imported once: given raw bytes, jose imports a CryptoKey on every
   * verification, a measurable share of a cheap request's CPU.
   */
  private hmacKey: Promise<webcrypto.CryptoKey> | null = null;

  /** Verified tokens by their exact string; a Map iterates in insertion order, oldest first. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly config: AppConfig) {
    if (config.AUTH_OIDC_ISSUER) {
      this.key = discoveredJwks(config.AUTH_OIDC_ISSUER);
      this.algorithms = ['RS256', 'ES256'];
    } else if (config.AUTH_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
      this.algorithms = ['RS256', 'ES256'];
    } else {
      const secret = config.jwtSecret;
      if (!secret) throw new Error('AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_OIDC_ISSUER must be set');
      this.key = new TextEncoder().encode(secret);
      this.algorithms = ['HS256'];
    }
  }

  async verify(token: string): Promise<AuthUser> {
    const nowMs = this.now();
    const cached = this.verified.get(token);
    if (cached) {
      this.verified.delete(token);
      if (cached.validUntilMs > nowMs) {
        this.verified.set(token, cached);
        return copyUser(cached.user);
      }
    }
    return this.verifyUncached(token, nowMs);
  }

  /** The clock of every check (jose's `exp`/`nbf` and the cache's), overridable by tests. */
  protected now(): number {
    return Date.now();
  }

  private async verifyUncached(token: string, nowMs: number): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      const options = { ...this.options(), currentDate: new Date(nowMs) };
      const result =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, await this.secretKey(this.key), options)
          : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch (e) {
      throw new InvalidToken((e as { code?: string }).code ?? 'invalid token');
    }
    const roles = payload['roles'];
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidToken('sub claim missing');
    // jose checked that exp (required) and iat (if present) are numbers.
    const nowS = Math.floor(nowMs / 1_000);
    if (payload.exp! - Math.min(payload.iat ?? nowS, nowS) > this.config.authMaxTokenAgeSeconds) {
      throw new InvalidToken(`token lives longer than AUTH_MAX_TOKEN_AGE (${this.config.AUTH_MAX_TOKEN_AGE})`);
    }
    if (!Array.isArray(roles) || !roles.every((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))) {
      throw new InvalidToken('roles claim must be an array of known roles');
    }
    const unit = payload['unit'];
    const name = payload['name'];
    const user: AuthUser = {
      id: payload.sub,
      roles,
      ...(typeof unit === 'string' && unit ? { unit } : {}),
      ...(typeof name === 'string' && name ? { name } : {}),
    };
    this.remember(token, user, payload.exp!, nowMs);
    return copyUser(user);
  }

  /**
   * jose refuses a token once `exp <= floor(now / 1000)` (no clock tolerance is configured),
   * so it is valid until the start of second `exp`.
   */
  private remember(token: string, user: AuthUser, exp: number, nowMs: number): void {
    const validUntilMs = Math.min(exp * 1000, nowMs + VERIFIED_TOKEN_MAX_AGE_MS);
    this.verified.delete(token);
    this.verified.set(token, { user, validUntilMs });
    if (this.verified.size > VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
  }

  private secretKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
    this.hmacKey ??= webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return this.hmacKey;
  }

  private options() {
    return {
      algorithms: this.algorithms,
      requiredClaims: ['exp', 'sub'],
      ...(this.config.AUTH_JWT_ISSUER || this.config.AUTH_OIDC_ISSUER
        ? { issuer: this.config.AUTH_JWT_ISSUER ?? this.config.AUTH_OIDC_ISSUER }
        : {}),
      ...(this.config.AUTH_JWT_AUDIENCE ? { audience: this.config.AUTH_JWT_AUDIENCE } : {}),
    };
  }
}

/**
 * The keys of an OpenID provider, found through its discovery document (`jwks_uri`) on the
 * first token to verify rather than at boot, so the API starts while the provider is down; a
 * failed discovery is tried again on the next token.
 */
function discoveredJwks(issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | null = null;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
    const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error('OIDC discovery names no jwks_uri');
    return createRemoteJWKSet(new URL(jwksUri));
  };
  return async (header, token) => {
    keys ??= discover().catch((e: unknown) => {
      keys = null;
      throw e;
    });
    return (await keys)(header, token);
  };
}

/** Each request gets its own copy: a handler changing its user must not change the cached one. */
function copyUser(user: AuthUser): AuthUser {
  return { ...user, roles: [...user.roles] };
}
