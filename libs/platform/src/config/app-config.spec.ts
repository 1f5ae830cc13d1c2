import { readFileSync } from 'node:fs';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.EVENT_STORE).toBe('sqlite');
    expect(c.eventStorePath).toBe('data/events.sqlite');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.EVENT_STORE_SYNCHRONOUS).toBe('FULL');
  });

  it.each([
    ['PORT', 'eighty'],
    ['EVENT_STORE', 'postgres'],
    ['REDIS_URL', 'http://x'],
    ['REMINDER_OFFSETS', '72h,soon'],
    ['REMINDER_ESCALATE_MAX', '-1'],
    ['AUTH_JWT_SECRET', 'short'],
    ['NOTIFY_WEBHOOK_URL', 'not a url'],
  ])('names %s when its value is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('needs a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ EVENT_STORE: 'esdb' })).toThrow('ESDB_CONNECTION_STRING');
    expect(loadConfig({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false' }).EVENT_STORE).toBe('esdb');
  });

  it('refuses production without a secret or JWKS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('AUTH_JWT_SECRET');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-long-enough-secret' }).jwtSecret).toBe('a-long-enough-secret');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks' }).jwtSecret).toBeUndefined();
  });

  it('needs a webhook secret with a webhook', () => {
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/hook' })).toThrow('NOTIFY_WEBHOOK_SECRET');
  });

  it('lists every variable in .env.example', () => {
    const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const known = Object.keys(new AppConfig()).concat(['EVENT_STORE_PATH', 'ESDB_CONNECTION_STRING', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'METRICS_TOKEN', 'NOTIFY_WEBHOOK_URL', 'NOTIFY_WEBHOOK_SECRET']);
    expect(known.filter((k) => !listed.has(k))).toEqual([]);
  });
});
