// A real OpenID provider in-process (oidc-provider) for the browser tier's OIDC sign-in: the
// console's public client, authorization code with PKCE required, access tokens as RS256 JWTs
// for the API (audience urn:reform-ledger) carrying the test user's roles, unit and name.
// Its development login form takes the user id as the login.
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';

const port = Number(process.env['ISSUER_PORT'] ?? 3312);
const consoleOrigin = process.env['CONSOLE_ORIGIN'] ?? 'http://127.0.0.1:3311';
const issuer = `http://127.0.0.1:${port}`;
const RESOURCE = 'urn:reform-ledger';

/** The test users: who they are in the API's terms. */
export const OIDC_USERS: Record<string, { name: string; roles: string[]; unit?: string }> = {
  'sso-member': { name: '王委员', roles: ['committee_member'] },
  'sso-office': { name: '赵干事', roles: ['reform_office'] },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'browser-tier', use: 'sig', alg: 'RS256' };

const configuration: Configuration = {
  clients: [
    {
      client_id: 'reform-console',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: [`${consoleOrigin}/console/signin-callback`],
      post_logout_redirect_uris: [`${consoleOrigin}/console/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk as never] },
  cookies: { keys: ['browser-tier-cookie-key-not-secret'] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile',
        audience: RESOURCE,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 3600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  async findAccount(_ctx, id) {
    const user = OIDC_USERS[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, name: user.name }) };
  },
  // The API reads who may do what from the access token, as from any other token.
  async extraTokenClaims(_ctx, token) {
    const accountId = 'accountId' in token ? token.accountId : undefined;
    const user = accountId ? OIDC_USERS[accountId] : undefined;
    return user ? { roles: user.roles, name: user.name, ...(user.unit ? { unit: user.unit } : {}) } : undefined;
  },
  // The test users consent once and for all: no consent screen in the round trip.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(RESOURCE, 'openid profile');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
const server = provider.listen(port, '127.0.0.1');
console.log(`OpenID provider on ${issuer}`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
