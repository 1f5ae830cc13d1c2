import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInSettings } from '../api';

/**
 * OpenID Connect sign-in: authorization code with PKCE (oidc-client-ts does the PKCE and the
 * state); the API verifies the access token with the provider's keys. Loaded only where a
 * provider is configured, so the development setup's first screen does not carry it.
 */
function manager(oidc: NonNullable<SignInSettings['oidc']>): UserManager {
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${location.origin}/console/signin-callback`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    response_type: 'code',
    scope: oidc.scope,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Sends the browser to the provider; it comes back to /console/signin-callback. */
export async function startSignIn(oidc: NonNullable<SignInSettings['oidc']>, redirect: string): Promise<void> {
  await manager(oidc).signinRedirect({ state: { redirect } });
}

/** Completes the round trip: the access token and the page the person was going to. */
export async function completeSignIn(oidc: NonNullable<SignInSettings['oidc']>): Promise<{ token: string; redirect: string }> {
  const user = await manager(oidc).signinRedirectCallback();
  const state = (user.state ?? {}) as { redirect?: unknown };
  return { token: user.access_token, redirect: typeof state.redirect === 'string' ? state.redirect : '/' };
}
