/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { checkScreen } from './support/fixtures.js';

// The console against an API configured with AUTH_OIDC_ISSUER: a real authorization code + PKCE
// round trip through the in-process oidc-provider, and the API verifying its access token by
// the issuer's JWKS.

test('a member signs in through the OpenID provider and comes back to the page asked for', async ({ page, request }) => {
  const config = (await (await request.get('/auth/config')).json()) as { devSignIn: boolean; oidc: { issuer: string } | null };
  expect(config.devSignIn).toBe(false);
  expect(config.oidc?.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await request.post('/auth/dev-token', { data: { sub: 'x', roles: ['admin'] } })).status()).toBe(404);

  await page.goto('/console/tasks');
  await expect(page).toHaveURL(/\/console\/signin\?redirect=/);
  await checkScreen(page, 'signin-oidc');
  await page.getByRole('button', { name: '统一身份认证登录' }).click();

  await expect(page).toHaveURL(new RegExp(`^${config.oidc!.issuer}/`));
  await page.locator('input[name="login"]').fill('sso-member');
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();

  await expect(page).toHaveURL(/\/console\/tasks$/);
  await expect(page.getByText('王委员')).toBeVisible();
  await expect(page.getByRole('heading', { name: '改革台账' })).toBeVisible();
  // The ledger answered: the API took the provider's token.
  await expect(page.getByRole('alert')).toHaveCount(0);
  const token = await page.evaluate(() => localStorage.getItem('reform-console.token'));
  expect((await request.get('/tasks', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
});
