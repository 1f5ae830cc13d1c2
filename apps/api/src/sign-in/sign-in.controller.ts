import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '#platform';
import { signDevToken } from '../auth/dev-token.js';
import { DevTokenDto, DevTokenResponse, SignInSettings } from './sign-in.dto.js';

/** Longest life of a token minted by {@link DevTokenController} (a working day), within AUTH_MAX_TOKEN_AGE. */
const DEV_TOKEN_TTL_S = 8 * 3600;

/** How a client signs people in: public, since it is asked before anyone has a token. */
@ApiTags('sign-in')
@Controller('auth')
export class SignInController {
  constructor(private readonly config: AppConfig) {}

  /** Which sign-in this server offers: the OpenID provider, or the development sign-in. */
  @Get('config')
  @ApiOkResponse({ type: SignInSettings })
  settings(): SignInSettings {
    const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId, AUTH_OIDC_SCOPE: scope } = this.config;
    return { devSignIn: this.config.devSignIn, oidc: issuer && clientId ? { issuer, clientId, scope } : null };
  }
}

/**
 * Development sign-in: mints the token `npm run token` would, for whoever asks. It exists only
 * where anyone can already mint tokens (the module is not loaded in production, nor with a JWKS or
 * OpenID provider, see `AppConfig.devSignIn`): outside production the secret is the published
 * development default unless set, so this route gives a person nothing a shell would not.
 */
@ApiTags('sign-in')
@Controller('auth')
export class DevTokenController {
  constructor(private readonly config: AppConfig) {}

  /** A development token for the given user, roles and unit (8 hours, at most AUTH_MAX_TOKEN_AGE). */
  @Post('dev-token')
  @HttpCode(201)
  @ApiCreatedResponse({ type: DevTokenResponse })
  async mint(@Body() body: DevTokenDto): Promise<DevTokenResponse> {
    // The wall clock, not the app's Clock: the verifier judges `exp` and `iat` by the wall clock.
    const exp = Math.floor(Date.now() / 1_000) + Math.min(DEV_TOKEN_TTL_S, this.config.authMaxTokenAgeSeconds);
    const token = await signDevToken(
      this.config.jwtSecret!,
      { sub: body.sub, roles: body.roles, ...(body.unit ? { unit: body.unit } : {}), ...(body.name ? { name: body.name } : {}) },
      exp,
      { issuer: this.config.AUTH_JWT_ISSUER, audience: this.config.AUTH_JWT_AUDIENCE },
    );
    return { token, expiresAt: new Date(exp * 1_000).toISOString() };
  }
}
