import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from '#domain';
import { AppConfig } from '#platform';
import type { AuthUser } from './auth.types.js';

/** Why a token was refused; the guard turns it into a 401 without echoing the token. */
export class InvalidToken extends Error {}

/**
 * Verifies bearer tokens with jose: HS256 with `AUTH_JWT_SECRET`, or RS256/ES256 keys from
 * `AUTH_JWKS_URL`. Algorithms are pinned, so `alg: none` and algorithm-confusion tokens fail.
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

  constructor(private readonly config: AppConfig) {
    if (config.AUTH_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
      this.algorithms = ['RS256', 'ES256'];
    } else {
      const secret = config.jwtSecret;
      if (!secret) throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL must be set');
      this.key = new TextEncoder().encode(secret);
      this.algorithms = ['HS256'];
    }
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      const result =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, await this.secretKey(this.key), this.options())
          : await jwtVerify(token, this.key, this.options());
      payload = result.payload;
    } catch (e) {
      throw new InvalidToken((e as { code?: string }).code ?? 'invalid token');
    }
    const roles = payload['roles'];
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidToken('sub claim missing');
    if (!Array.isArray(roles) || !roles.every((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))) {
      throw new InvalidToken('roles claim must be an array of known roles');
    }
    const unit = payload['unit'];
    const name = payload['name'];
    return {
      id: payload.sub,
      roles,
      ...(typeof unit === 'string' && unit ? { unit } : {}),
      ...(typeof name === 'string' && name ? { name } : {}),
    };
  }

  private secretKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
    this.hmacKey ??= webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return this.hmacKey;
  }

  private options() {
    return {
      algorithms: this.algorithms,
      requiredClaims: ['exp', 'sub'],
      ...(this.config.AUTH_JWT_ISSUER ? { issuer: this.config.AUTH_JWT_ISSUER } : {}),
      ...(this.config.AUTH_JWT_AUDIENCE ? { audience: this.config.AUTH_JWT_AUDIENCE } : {}),
    };
  }
}
