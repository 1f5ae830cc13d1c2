// Prints a development token: npm run token -- --sub <id> --roles <r1,r2> [--unit <u>] [--name <n>] [--ttl 8h] (at most AUTH_MAX_TOKEN_AGE)
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#domain';
import { loadConfig } from '#platform';
import { parseDuration } from '#reminders';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    roles: { type: 'string' },
    unit: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
if (!values.sub || !values.roles) {
  console.error('usage: npm run token -- --sub <id> --roles <r1,r2> [--unit <u>] [--name <n>] [--ttl 8h]');
  process.exit(2);
}
const roles = values.roles.split(',').map((r) => r.trim());
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length > 0) {
  console.error(`unknown role(s): ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
if (!config.jwtSecret) {
  console.error('AUTH_JWT_SECRET is not set (tokens for a JWKS provider come from that provider)');
  process.exit(2);
}
let ttlMs: number;
try {
  ttlMs = parseDuration(values.ttl);
} catch {
  console.error(`--ttl must be a duration like 8h, 30m or 1d (got ${values.ttl})`);
  process.exit(2);
}
// The server refuses a token that lives longer than AUTH_MAX_TOKEN_AGE: never mint one.
if (ttlMs <= 0 || ttlMs > config.authMaxTokenAgeSeconds * 1_000) {
  console.error(
    `--ttl must be above zero and at most AUTH_MAX_TOKEN_AGE (${config.AUTH_MAX_TOKEN_AGE}); the server refuses longer-lived tokens`,
  );
  process.exit(2);
}
const token = await signDevToken(
  config.jwtSecret,
  { sub: values.sub, roles: roles as Role[], ...(values.unit ? { unit: values.unit } : {}), ...(values.name ? { name: values.name } : {}) },
  Math.floor((Date.now() + ttlMs) / 1_000),
  { issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE },
);
console.log(token);
