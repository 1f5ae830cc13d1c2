import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { ROLES, type Role } from '#domain';
import { OptionalText, Text } from '../http/validators.js';

/** `POST /auth/dev-token`: the claims `npm run token` takes. */
export class DevTokenDto {
  @Text(200, 'The user id (the token’s `sub`)')
  sub: string;

  @ApiProperty({ type: [String], enum: ROLES, minItems: 1, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @OptionalText(200, 'The user’s unit (department, or an evaluator’s organisation)')
  unit?: string;

  @OptionalText(200, 'The name shown for the user')
  name?: string;
}

/** A development token and when it stops working. */
export class DevTokenResponse {
  @ApiProperty()
  token: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

/** The OpenID provider a client signs people in with. */
export class OidcSettings {
  @ApiProperty({ description: 'The issuer; its discovery document is at /.well-known/openid-configuration' })
  issuer: string;

  @ApiProperty({ description: 'The public client id (authorization code with PKCE, no secret)' })
  clientId: string;

  @ApiProperty({ example: 'openid profile' })
  scope: string;
}

/** `GET /auth/config`: how people sign in to this server. */
export class SignInSettings {
  @ApiProperty({ description: 'POST /auth/dev-token exists (outside production, tokens signed with the HS256 secret)' })
  devSignIn: boolean;

  @ApiPropertyOptional({ type: OidcSettings, nullable: true, description: 'The OpenID provider, when one is configured' })
  oidc: OidcSettings | null;
}
