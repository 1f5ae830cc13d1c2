import { isIP } from 'node:net';
import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { isTimeZone } from '../i18n/display-time.js';
import { SUPPORTED_LOCALES, type Locale } from '../i18n/locale.js';
import { emptyToUndefined, POSITIVE_DURATION, toBool, toInt } from './config-values.js';

/**
 * The server itself: where it listens and keeps its data, how it answers (limits, proxies, languages, the time zone of texts).
 */
export class ServerSettings {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /**
   * Where the built console is (`npm run build` writes it to `dist/console`), served at
   * `/console/`; without an `index.html` there the API serves no console.
   */
  @IsString()
  @MinLength(1)
  CONSOLE_DIR = 'dist/console';

  /**
   * The address people reach this server at (`https://ledger.example.gov.cn`): reminders
   * carry the console link of their subject. Unset: reminders carry no link.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'PUBLIC_URL must be an http(s) URL such as https://ledger.example.gov.cn' },
  )
  PUBLIC_URL?: string = undefined;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Language of texts when the request does not ask for one (`Accept-Language`), and of notifications. */
  @IsIn([...SUPPORTED_LOCALES], { message: `DEFAULT_LOCALE must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  DEFAULT_LOCALE: Locale = 'zh-CN';

  /** IANA time zone of every time shown inside human text; time fields stay ISO 8601. */
  @ValidateBy(
    { name: 'isTimeZone', validator: { validate: (v: unknown) => typeof v === 'string' && isTimeZone(v) } },
    {
      message: 'DISPLAY_TIMEZONE must be an IANA time zone such as Asia/Shanghai',
    },
  )
  DISPLAY_TIMEZONE = 'Asia/Shanghai';

  /** Largest accepted request body in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT = 1_048_576;

  /**
   * Largest total size of a request's headers in bytes (Node's `maxHeaderSize`); the server
   * answers 431 above it, before any route runs.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1_048_576)
  HEADER_LIMIT = 16_384;

  /**
   * Requests each user (or, without a valid token, each address) may make per {@link RATE_LIMIT_WINDOW}; 0 (the default) turns rate
   * limiting off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT = 0;

  /** The window of {@link RATE_LIMIT}, a duration like `1m`. */
  @Matches(POSITIVE_DURATION, { message: 'RATE_LIMIT_WINDOW must be a duration above zero, like 1m' })
  RATE_LIMIT_WINDOW = '1m';

  /**
   * Which proxies in front of the API are trusted to say who the client is
   * (`X-Forwarded-For`): empty (the default) trusts none and the client is the connection's
   * address; a number is how many proxies in front (`1` behind one nginx); otherwise a
   * comma-separated list of proxy addresses or CIDR ranges (`10.0.0.0/8,127.0.0.1`). Behind a
   * proxy without it, every client has the proxy's address and shares one rate-limit bucket.
   */
  @ValidateBy(
    { name: 'isTrustProxy', validator: { validate: (v: unknown) => typeof v === 'string' && parseTrustProxy(v) !== null } },
    {
      message:
        'TRUST_PROXY must be empty, a number of proxies from 1 to 10, or comma-separated IP addresses or CIDR ranges such as ' +
        '10.0.0.0/8,127.0.0.1',
    },
  )
  TRUST_PROXY = '';

  /** How long an Idempotency-Key's first answer is kept, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  IDEMPOTENCY_TTL_SECONDS = 86_400;

  /** Longest a command waits for local projections before answering (read-your-writes). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** Run the reminder worker inside the API process (the embedded default). */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKER = true;

  /** Directory of the local read models. */
  get readModelDir(): string {
    return path.join(this.DATA_DIR, 'read-models');
  }

  /**
   * {@link TRUST_PROXY} as Fastify's `trustProxy` option: `false`, the trusted addresses, or for
   * a count of proxies a function trusting that many hops nearest the server.
   */
  get trustProxy(): false | string[] | ((address: string, hop: number) => boolean) {
    const parsed = parseTrustProxy(this.TRUST_PROXY) ?? false;
    return typeof parsed === 'number' ? (_address, hop) => hop < parsed : parsed;
  }
}

/**
 * `TRUST_PROXY` read: `false` when empty, a hop count (1–10), or the list of trusted proxy
 * addresses and CIDR ranges; `null` when it is none of these.
 */
export function parseTrustProxy(value: string): false | number | string[] | null {
  const v = value.trim();
  if (v === '') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops >= 1 && hops <= 10 ? hops : null;
  }
  const entries = v.split(',').map((e) => e.trim());
  const valid = entries.every((e) => {
    const [address, bits, ...rest] = e.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  });
  return valid ? entries : null;
}
