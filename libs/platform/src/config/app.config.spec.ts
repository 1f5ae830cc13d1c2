import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { generateSigningKeyPair } from '#read-models';
import { AppConfig, ConfigError, loadConfig } from './app.config.js';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.EVENT_STORE).toBe('sqlite');
    expect(c.eventStorePath).toBe('data/events.sqlite');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.EVENT_STORE_SYNCHRONOUS).toBe('FULL');
    expect(c.taskLightRule).toEqual({ warningWindowMs: 7 * 86_400_000, timeZone: 'Asia/Shanghai' });
    expect(loadConfig({ WARNING_WINDOW: '36h' }).taskLightRule).toEqual({ warningWindowMs: 36 * 3_600_000, timeZone: 'Asia/Shanghai' });
    expect(c.DUE_DAY_REMINDER_AT).toBe('09:00');
    expect(loadConfig({ DUE_DAY_REMINDER_AT: '14:30' }).DUE_DAY_REMINDER_AT).toBe('14:30');
  });

  it.each([
    ['PORT', 'eighty'],
    ['EVENT_STORE', 'postgres'],
    ['REDIS_URL', 'http://x'],
    ['REMINDER_OFFSETS', '72h,soon'],
    ['WARNING_WINDOW', 'a week'],
    ['DUE_DAY_REMINDER_AT', '9am'],
    ['DUE_DAY_REMINDER_AT', '24:00'],
    ['TASK_REMINDER_OFFSETS', '168h,a day'],
    ['REMINDER_ESCALATE_MAX', '-1'],
    ['AUTH_JWT_SECRET', 'short'],
    ['NOTIFY_WEBHOOK_URL', 'not a url'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1,nginx'],
    ['FILE_STORE', 'ftp'],
    ['FILE_MAX_BYTES', '50MB'],
    ['FILE_MAX_BYTES', '10'],
    ['FILE_ORPHAN_TTL', '0'],
    ['S3_ENDPOINT', 'minio:9000'],
    ['S3_BUCKET', 'Evidence_Bucket'],
  ])('names %s when its value is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('trusts no proxy by default, a count of proxies nearest the server, or the addresses listed', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    const two = loadConfig({ TRUST_PROXY: '2' }).trustProxy as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => two('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 127.0.0.1 ,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it('needs a bucket for FILE_STORE=s3, and a secret with an access key', () => {
    expect(() => loadConfig({ FILE_STORE: 's3' })).toThrow('S3_BUCKET');
    expect(() => loadConfig({ FILE_STORE: 's3', S3_BUCKET: 'evidence', S3_ACCESS_KEY_ID: 'minio' })).toThrow('S3_SECRET_ACCESS_KEY');
    const config = loadConfig({
      FILE_STORE: 's3',
      S3_BUCKET: 'evidence',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect([config.FILE_STORE, config.S3_FORCE_PATH_STYLE, config.FILE_MAX_BYTES, config.fileOrphanTtlMs]).toEqual([
      's3',
      true,
      52_428_800,
      86_400_000,
    ]);
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

  it('needs a webhook secret with a webhook, and a DingTalk secret with a DingTalk robot', () => {
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/hook' })).toThrow('NOTIFY_WEBHOOK_SECRET');
    expect(() => loadConfig({ NOTIFY_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=x' })).toThrow(
      'NOTIFY_DINGTALK_SECRET',
    );
    expect(() => loadConfig({ NOTIFY_WECOM_URL: 'wecom' })).toThrow('NOTIFY_WECOM_URL');
  });

  it('lists every variable in .env.example', () => {
    const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const known = Object.keys(new AppConfig()).concat([
      'EVENT_STORE_PATH',
      'ESDB_CONNECTION_STRING',
      'AUTH_JWT_SECRET',
      'AUTH_JWKS_URL',
      'AUTH_JWT_ISSUER',
      'AUTH_JWT_AUDIENCE',
      'METRICS_TOKEN',
      'NOTIFY_WEBHOOK_URL',
      'NOTIFY_WEBHOOK_SECRET',
      'NOTIFY_DINGTALK_URL',
      'NOTIFY_DINGTALK_SECRET',
      'NOTIFY_WECOM_URL',
    ]);
    expect(known.filter((k) => !listed.has(k))).toEqual([]);
  });
});

describe('AUDIT_HASH and AUDIT_SIGNING_KEY_FILE', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reform-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string, mode: number) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode });
    chmodSync(file, mode);
    return file;
  };

  it('takes sha256 (default) or sm3, and names AUDIT_HASH otherwise', () => {
    expect(loadConfig({}).AUDIT_HASH).toBe('sha256');
    expect(loadConfig({ AUDIT_HASH: 'sm3' }).AUDIT_HASH).toBe('sm3');
    expect(() => loadConfig({ AUDIT_HASH: 'md5' })).toThrow(/AUDIT_HASH must be one of sha256, sm3/);
  });

  it('signs nothing without a key file', () => {
    expect(loadConfig({}).digestSigner).toBeNull();
    expect(loadConfig({ AUDIT_SIGNING_KEY_FILE: '' }).digestSigner).toBeNull();
  });

  it('loads the key once, with no warning for a file only its owner can read', () => {
    const pair = generateSigningKeyPair('sm2');
    const file = write('own.pem', pair.privateKeyPem, 0o600);
    const config = loadConfig({ AUDIT_SIGNING_KEY_FILE: file });
    expect(config.digestSigner).toMatchObject({ signatureAlg: 'sm2-sm3', keyId: pair.keyId });
    expect(config.warnings).toEqual([]);
    // The key is nowhere in the configuration's printed or serialised forms.
    const secret = pair.privateKeyPem.split('\n')[1]!;
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(JSON.stringify(config)).not.toContain(pair.keyId);
    expect(inspect(config, { depth: 10, showHidden: true, getters: true })).not.toContain(secret);
  });

  it('warns when other users of the machine can read the key file', () => {
    const file = write('shared.pem', generateSigningKeyPair('ed25519').privateKeyPem, 0o644);
    const config = loadConfig({ AUDIT_SIGNING_KEY_FILE: file });
    expect(config.digestSigner?.signatureAlg).toBe('ed25519');
    expect(config.warnings).toEqual([
      expect.stringMatching(/^AUDIT_SIGNING_KEY_FILE .*shared\.pem can be read by other users .*mode 0644.*chmod 600/),
    ]);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing.pem'), /AUDIT_SIGNING_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/],
    ['an unreadable path', () => dir, /AUDIT_SIGNING_KEY_FILE: cannot read .* \(EISDIR\)/],
    [
      'a public key',
      () => write('public.pem', generateSigningKeyPair('p256').publicKeyPem, 0o600),
      /AUDIT_SIGNING_KEY_FILE: .*public\.pem: not a PEM private key/,
    ],
    [
      'an RSA key',
      () =>
        write(
          'rsa.pem',
          generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
          0o600,
        ),
      /AUDIT_SIGNING_KEY_FILE: .*rsa\.pem: a rsa key cannot sign digests: use an SM2, Ed25519 or ECDSA P-256 key/,
    ],
  ])('stops at boot for %s, naming the variable and never the key', (_what, file, message) => {
    expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: file() })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: file() })).toThrow(message);
    try {
      loadConfig({ AUDIT_SIGNING_KEY_FILE: file() });
    } catch (e) {
      expect((e as Error).message).not.toContain('PRIVATE KEY');
    }
  });
});

describe('NOTIFY_ROUTES_FILE', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reform-routes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const f = path.join(dir, name);
    writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };
  const ding = { url: 'https://oapi.dingtalk.com/robot/send?access_token=roads', secret: 'SECroads' };

  it('routes nothing without a file, and reads a good one', () => {
    expect(loadConfig({}).notifyRoutes).toEqual({});
    const routes = {
      'unit:roads': { dingtalk: ding, wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=roads' } },
      'li-ming': { wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=li' } },
    };
    expect(loadConfig({ NOTIFY_ROUTES_FILE: file('good.json', routes) }).notifyRoutes).toEqual(routes);
  });

  it('ships an example that loads', () => {
    expect(Object.keys(loadConfig({ NOTIFY_ROUTES_FILE: 'config/notify-routes.example.json' }).notifyRoutes).length).toBeGreaterThan(0);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'none.json'), /NOTIFY_ROUTES_FILE .*none\.json: ENOENT/],
    ['a file that is not JSON', () => file('bad.json', '{ "unit:roads": '), /NOTIFY_ROUTES_FILE .*bad\.json: .*JSON/],
    ['an array', () => file('array.json', []), /NOTIFY_ROUTES_FILE .*array\.json: the file must hold a JSON object/],
    [
      'a DingTalk robot without its secret',
      () => file('nosecret.json', { 'unit:roads': { dingtalk: { url: ding.url } } }),
      /NOTIFY_ROUTES_FILE .*: "unit:roads"\.dingtalk\.secret: secret is required/,
    ],
    [
      'a URL that is not one',
      () => file('url.json', { 'unit:roads': { wecom: { url: 'qyapi.weixin.qq.com' } } }),
      /"unit:roads"\.wecom\.url: url must be an http\(s\) URL/,
    ],
    [
      'a misspelt channel',
      () => file('spelt.json', { 'unit:roads': { dingding: ding } }),
      /"unit:roads"\.dingding: property dingding should not exist/,
    ],
    ['a route naming no channel', () => file('empty.json', { 'unit:roads': {} }), /"unit:roads": names no channel/],
    [
      'a key with a space',
      () => file('key.json', { 'unit roads': { dingtalk: ding } }),
      /"unit roads": a key is "\*", "unit:<code>" or a recipient's id/,
    ],
    [
      'a short webhook secret',
      () => file('hook.json', { '*': { webhook: { url: 'https://hooks.example/x', secret: 'short' } } }),
      /"\*"\.webhook\.secret: secret must be at least 16 characters/,
    ],
  ])('stops at boot for %s, naming the variable and the bad entry', (_what, routes, message) => {
    expect(() => loadConfig({ NOTIFY_ROUTES_FILE: routes() })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFY_ROUTES_FILE: routes() })).toThrow(message);
  });
});
