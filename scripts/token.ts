// Prints a development token: npm run token -- --sub <id> --roles <r1,r2> [--unit <u>] [--name <n>] [--ttl 8h]
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#domain';
import { loadConfig } from '#platform';
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
const token = await signDevToken(
  config.jwtSecret,
  { sub: values.sub, roles: roles as Role[], ...(values.unit ? { unit: values.unit } : {}), ...(values.name ? { name: values.name } : {}) },
  values.ttl,
);
console.log(token);
