import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppConfig } from '#platform';

/** Where the console is served; its router's base. */
export const CONSOLE_BASE = '/console/';

/**
 * The console's Content-Security-Policy: everything from this origin only; styles may be
 * inline (Element Plus positions popups with style attributes); the OpenID provider is the
 * one other origin the console talks to (discovery and the token endpoint, by fetch). Other
 * helmet headers stay as the API sets them.
 */
export function consoleCsp(config: Pick<AppConfig, 'AUTH_OIDC_ISSUER'>): string {
  const provider = config.AUTH_OIDC_ISSUER ? ` ${new URL(config.AUTH_OIDC_ISSUER).origin}` : '';
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${provider}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

interface ConsoleOptions {
  root: string;
  csp: string;
}

/**
 * Serves the built console: content-hashed `assets/` cached for a year (a missing one is a
 * 404, never the page: a stale tab must not run HTML as a script), other files of the build's
 * top folder for an hour, and every other path under /console/ answered with `index.html`
 * (history-mode routes), which is never cached so a new build is picked up at once.
 */
const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (instance, { root, csp }) => {
  await instance.register(fastifyStatic, { root, serve: false });
  const topFiles = new Set(readdirSync(root).filter((name) => name !== 'index.html' && statSync(path.join(root, name)).isFile()));
  instance.get('/console', async (_req, reply) => reply.redirect(CONSOLE_BASE));
  instance.get('/console/*', async (req, reply) => {
    reply.header('content-security-policy', csp);
    const rest = (req.params as { '*': string })['*'];
    if (rest.startsWith('assets/')) return reply.sendFile(rest, { maxAge: '365d', immutable: true });
    if (topFiles.has(rest)) return reply.sendFile(rest, { maxAge: '1h' });
    reply.header('cache-control', 'no-store');
    return reply.sendFile('index.html', { cacheControl: false });
  });
};

/** What a browser gets at /console/ when `npm run build` has not built the console. */
const notBuilt: FastifyPluginAsync<{ dir: string }> = async (instance, { dir }) => {
  const answer = `The console is not built (no ${dir}/index.html): run npm run build.\n`;
  instance.get('/console', async (_req, reply) => reply.redirect(CONSOLE_BASE));
  instance.get('/console/*', async (_req, reply) => reply.code(404).type('text/plain; charset=utf-8').send(answer));
};

/**
 * Registers the console on the API's Fastify instance, and `GET /` redirecting a browser to it
 * (the quick start's address shows the sign-in, not a 404).
 */
export async function registerConsole(fastify: FastifyInstance, config: AppConfig): Promise<{ served: boolean; root: string }> {
  const root = path.resolve(config.CONSOLE_DIR);
  fastify.get('/', async (_req, reply) => reply.redirect(CONSOLE_BASE));
  const served = existsSync(path.join(root, 'index.html'));
  if (served) await fastify.register(consoleRoutes, { root, csp: consoleCsp(config) });
  else await fastify.register(notBuilt, { dir: config.CONSOLE_DIR });
  return { served, root };
}
