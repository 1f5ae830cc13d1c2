import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { parseDuration } from '#reminders';
import { emptyToUndefined, POSITIVE_DURATION } from './config-values.js';
import { StoreSettings } from './store.config.js';

/** Development-only signing secret so that `npm start` and `npm run token` work out of the box. */
export const DEV_JWT_SECRET = 'reform-ledger-dev-secret-not-for-production';

/**
 * Who the API believes: the token issuers and their keys, and how long a token may live.
 */
export class AuthSettings extends StoreSettings {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'AUTH_JWT_SECRET must be at least 16 characters' })
  AUTH_JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_AUDIENCE?: string;

  /**
   * An OpenID Connect provider: the console signs people in there (authorization code + PKCE)
   * and the API verifies its tokens with the keys its discovery document names (`jwks_uri`),
   * requiring this `iss`. Replaces the HS256 secret and the development sign-in.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'AUTH_OIDC_ISSUER must be an http(s) URL' },
  )
  AUTH_OIDC_ISSUER?: string;

  /** The console's client id at {@link AUTH_OIDC_ISSUER} (a public client: no secret, PKCE). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AuthSettings) => c.AUTH_OIDC_ISSUER !== undefined)
  @IsString({ message: 'AUTH_OIDC_CLIENT_ID is required when AUTH_OIDC_ISSUER is set' })
  @MinLength(1, { message: 'AUTH_OIDC_CLIENT_ID is required when AUTH_OIDC_ISSUER is set' })
  AUTH_OIDC_CLIENT_ID?: string;

  /** Scopes the console asks the provider for. */
  @IsString()
  @MinLength(1)
  AUTH_OIDC_SCOPE = 'openid profile';

  /**
   * Longest lifetime a bearer token may have; a longer-lived one is refused (401) even with a
   * valid signature: its lifetime is `exp − iat`, or `exp − now` when `iat` is missing or in the
   * future, so neither a missing nor a forged-forward `iat` lengthens it. A duration like `24h`.
   */
  @Matches(POSITIVE_DURATION, { message: 'AUTH_MAX_TOKEN_AGE must be a duration above zero, like 24h' })
  AUTH_MAX_TOKEN_AGE = '24h';

  /** {@link AUTH_MAX_TOKEN_AGE} in seconds. */
  get authMaxTokenAgeSeconds(): number {
    return Math.floor(parseDuration(this.AUTH_MAX_TOKEN_AGE) / 1_000);
  }

  /**
   * Whether people may sign in with a development token minted by the API itself
   * (`/console/dev-login`, `POST /auth/dev-token`): outside production, when tokens are HS256
   * (no JWKS or OIDC provider configured).
   */
  get devSignIn(): boolean {
    return this.NODE_ENV !== 'production' && !this.AUTH_JWKS_URL && !this.AUTH_OIDC_ISSUER && this.jwtSecret !== undefined;
  }

  /** The HS256 secret in force, the development default outside production. */
  get jwtSecret(): string | undefined {
    if (this.AUTH_JWT_SECRET) return this.AUTH_JWT_SECRET;
    return this.NODE_ENV === 'production' ? undefined : DEV_JWT_SECRET;
  }
}
