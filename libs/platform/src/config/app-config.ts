import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { isTimeOfDay, ROLES, type AssessmentRules, type TaskLightRule } from '#domain';
import { parseDuration, type NotifyRoutes } from '#reminders';
import { loadAssessmentRules } from './assessment-rules.loader.js';
import { ConfigFileError } from './json-config-file.js';
import { loadNotifyRoutes } from './notify-routes.loader.js';
import { CHAIN_HASH_ALGORITHMS, type ChainHashAlgorithm } from '#event-store';
import { DigestSigner, SigningKeyError } from '#read-models';
import { isTimeZone } from '../i18n/display-time.js';
import { SUPPORTED_LOCALES, type Locale } from '../i18n/locale.js';

const DURATION = /^\d+(ms|s|m|h|d)?$/;
/** A duration above zero. */
const POSITIVE_DURATION = /^[1-9]\d*(ms|s|m|h|d)?$/;
const DURATION_LIST = /^\s*\d+(ms|s|m|h|d)?(\s*,\s*\d+(ms|s|m|h|d)?)*\s*$/;
// severity=n pairs, comma-separated, no severity twice (the lookahead refuses a repeat).
const EXTENSION_LIMITS =
  /^(?!.*\b(critical|high|medium|low)\s*=.*\b\1\s*=)\s*(critical|high|medium|low)\s*=\s*\d{1,3}(\s*,\s*(critical|high|medium|low)\s*=\s*\d{1,3})*\s*$/;

/** Development-only signing secret so that `npm start` and `npm run token` work out of the box. */
export const DEV_JWT_SECRET = 'reform-ledger-dev-secret-not-for-production';

/** Rules loaded by {@link loadConfig}, per configuration (kept off the instance: its own keys are the variables). */
const loadedRules = new WeakMap<AppConfig, AssessmentRules>();
/** The routes file read by {@link loadConfig}, per configuration. */
const loadedRoutes = new WeakMap<AppConfig, NotifyRoutes>();

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the product reads, typed and validated at boot. Names are the environment
 * variables themselves so that an error message names exactly what to fix.
 */
export class AppConfig {
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

  @IsIn(['sqlite', 'esdb'])
  EVENT_STORE: 'sqlite' | 'esdb' = 'sqlite';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EVENT_STORE_PATH?: string;

  @IsIn(['FULL', 'NORMAL'])
  EVENT_STORE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'esdb' || c.ESDB_CONNECTION_STRING !== undefined)
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//, {
    message: 'ESDB_CONNECTION_STRING must be an esdb:// connection string (required when EVENT_STORE=esdb)',
  })
  ESDB_CONNECTION_STRING?: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key, so instances sharing a Redis database stay apart. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ and - only' })
  QUEUE_PREFIX = 'reform';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'AUTH_JWT_SECRET must be at least 16 characters' })
  AUTH_JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_AUDIENCE?: string;

  /**
   * An OpenID Connect provider: the console signs people in there (authorization code + PKCE)
   * and the API verifies its tokens with the keys its discovery document names (`jwks_uri`),
   * requiring this `iss`. Replaces the HS256 secret and the development sign-in.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'AUTH_OIDC_ISSUER must be an http(s) URL' },
  )
  AUTH_OIDC_ISSUER?: string;

  /** The console's client id at {@link AUTH_OIDC_ISSUER} (a public client: no secret, PKCE). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.AUTH_OIDC_ISSUER !== undefined)
  @IsString({ message: 'AUTH_OIDC_CLIENT_ID is required when AUTH_OIDC_ISSUER is set' })
  @MinLength(1, { message: 'AUTH_OIDC_CLIENT_ID is required when AUTH_OIDC_ISSUER is set' })
  AUTH_OIDC_CLIENT_ID?: string;

  /** Scopes the console asks the provider for. */
  @IsString()
  @MinLength(1)
  AUTH_OIDC_SCOPE = 'openid profile';

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

  /**
   * Longest lifetime a bearer token may have; a longer-lived one is refused (401) even with a
   * valid signature: its lifetime is `exp − iat`, or `exp − now` when `iat` is missing or in the
   * future, so neither a missing nor a forged-forward `iat` lengthens it. A duration like `24h`.
   */
  @Matches(POSITIVE_DURATION, { message: 'AUTH_MAX_TOKEN_AGE must be a duration above zero, like 24h' })
  AUTH_MAX_TOKEN_AGE = '24h';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  @Matches(DURATION_LIST, { message: 'REMINDER_OFFSETS must be durations like 72h,24h,0' })
  REMINDER_OFFSETS = '72h,24h,0';

  /** Offsets before a reform task's deadline and each milestone's due date (the lead unit's inbox). */
  @Matches(DURATION_LIST, { message: 'TASK_REMINDER_OFFSETS must be durations like 168h,72h,24h,0' })
  TASK_REMINDER_OFFSETS = '168h,72h,24h,0';

  @Matches(DURATION, { message: 'REMINDER_ESCALATE_EVERY must be a duration like 24h' })
  REMINDER_ESCALATE_EVERY = '24h';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  REMINDER_ESCALATE_MAX = 7;

  /** How long a lead unit has to acknowledge (签收) a task registered or dispatched to it. */
  @Matches(DURATION, { message: 'ACK_WINDOW must be a duration like 3d' })
  ACK_WINDOW = '3d';

  @Matches(DURATION, { message: 'REMINDER_SWEEP_EVERY must be a duration like 5m' })
  REMINDER_SWEEP_EVERY = '5m';

  /**
   * A task whose deadline or next open milestone is due within this window shows a yellow
   * light (三色预警); a duration like `7d`.
   */
  @Matches(DURATION, { message: 'WARNING_WINDOW must be a duration like 7d' })
  WARNING_WINDOW = '7d';

  /** Who receives overdue escalations besides the owner (comma-separated user ids). */
  @IsString()
  REMINDER_ESCALATE_TO = 'reform-office';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.NOTIFY_WEBHOOK_URL !== undefined)
  @IsString({ message: 'NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set' })
  @MinLength(16, { message: 'NOTIFY_WEBHOOK_SECRET must be at least 16 characters' })
  NOTIFY_WEBHOOK_SECRET?: string;

  /** The default DingTalk group robot (its `access_token` URL), signed with {@link NOTIFY_DINGTALK_SECRET}. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'NOTIFY_DINGTALK_URL must be an http(s) URL' },
  )
  NOTIFY_DINGTALK_URL?: string;

  /** The robot's 加签 secret (`SEC…`): DingTalk refuses unsigned posts to a robot with signing on. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.NOTIFY_DINGTALK_URL !== undefined)
  @IsString({ message: "NOTIFY_DINGTALK_SECRET is required when NOTIFY_DINGTALK_URL is set (the robot's 加签 secret, SEC…)" })
  @MinLength(1, { message: "NOTIFY_DINGTALK_SECRET is required when NOTIFY_DINGTALK_URL is set (the robot's 加签 secret, SEC…)" })
  NOTIFY_DINGTALK_SECRET?: string;

  /** The default WeCom group robot (its `key` URL). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'NOTIFY_WECOM_URL must be an http(s) URL' },
  )
  NOTIFY_WECOM_URL?: string;

  /**
   * Roles whose users read the chats of the default robots and of the routes file's `*`
   * (comma-separated): a group robot there names what a reminder is about only when each of
   * them may read it (`robotMayName`). Default: the reform office's supervision group. Empty:
   * the chat may be anyone's, and robots there name nothing.
   */
  @Matches(new RegExp(`^(\\s*(${ROLES.join('|')})\\s*(,\\s*(${ROLES.join('|')})\\s*)*)?$`), {
    message: `NOTIFY_DEFAULT_ROBOT_READERS must be a comma-separated list of roles (${ROLES.join(', ')}), or empty`,
  })
  NOTIFY_DEFAULT_ROBOT_READERS = 'reform_office';

  /** JSON routes (per recipient, `unit:<code>` or `*`) to other robots than the defaults; validated at boot. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NOTIFY_ROUTES_FILE?: string = undefined;

  @Transform(toBool)
  @IsBoolean()
  REDIS_ALLOW_EVICTION = false;

  @Matches(DURATION, { message: 'AUDIT_DIGEST_EVERY must be a duration like 24h' })
  AUDIT_DIGEST_EVERY = '24h';

  /** Chain hash of new events (each event records its own, so a store may switch). */
  @IsIn(CHAIN_HASH_ALGORITHMS, { message: `AUDIT_HASH must be one of ${CHAIN_HASH_ALGORITHMS.join(', ')}` })
  AUDIT_HASH: ChainHashAlgorithm = 'sha256';

  /** PEM private key (SM2, Ed25519 or ECDSA P-256) that signs every digest; read once, at boot. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string = undefined;

  /** Run the reminder worker inside the API process (the embedded default). */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKER = true;

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

  /**
   * When the reminders of a date-only deadline go out, `HH:mm` in {@link DISPLAY_TIMEZONE}: the
   * `due` reminder at this time on that day rather than at its last instant (midnight).
   */
  @ValidateBy(
    { name: 'isTimeOfDay', validator: { validate: (v: unknown) => isTimeOfDay(v) } },
    {
      message: 'DUE_DAY_REMINDER_AT must be a time of day HH:mm such as 09:00',
    },
  )
  DUE_DAY_REMINDER_AT = '09:00';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

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
        'TRUST_PROXY must be empty, a number of proxies from 1 to 10, or comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8,127.0.0.1',
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

  /**
   * How many times a finding's rectification due date may be extended, per severity
   * (`critical=1,high=2,medium=3,low=3`); severities left out keep the domain's default.
   */
  @Matches(EXTENSION_LIMITS, {
    message: 'RECTIFICATION_EXTENSION_LIMITS must look like critical=1,high=2,medium=3,low=3 (each severity at most once)',
  })
  RECTIFICATION_EXTENSION_LIMITS = 'critical=1,high=2,medium=3,low=3';

  /** Where evidence files' bytes live: `disk` (under `DATA_DIR/files`) or `s3` (the `S3_*` variables). */
  @IsIn(['disk', 's3'], { message: 'FILE_STORE must be disk or s3' })
  FILE_STORE: 'disk' | 's3' = 'disk';

  /** Largest evidence file in bytes (413 as soon as an upload passes it); at most 5 GiB, S3's largest single copy. */
  @Transform(toInt)
  @IsInt({ message: 'FILE_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'FILE_MAX_BYTES must be at least 1024' })
  @Max(5 * 1024 ** 3, { message: 'FILE_MAX_BYTES must be at most 5368709120 (5 GiB)' })
  FILE_MAX_BYTES = 50 * 1024 * 1024;

  /** How long an uploaded file nobody cites is kept before the orphan job removes it. */
  @Matches(POSITIVE_DURATION, { message: 'FILE_ORPHAN_TTL must be a duration above zero, like 24h' })
  FILE_ORPHAN_TTL = '24h';

  /** How often the orphan job looks for uncited files. */
  @Matches(POSITIVE_DURATION, { message: 'FILE_ORPHAN_SWEEP_EVERY must be a duration above zero, like 1h' })
  FILE_ORPHAN_SWEEP_EVERY = '1h';

  /** S3-compatible endpoint (MinIO, a domestic cloud's S3 API); empty means AWS itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string = undefined;

  /** The bucket of evidence files (required when FILE_STORE=s3). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.FILE_STORE === 's3' || c.S3_BUCKET !== undefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, . and -), required when FILE_STORE=s3',
  })
  S3_BUCKET?: string = undefined;

  @IsString()
  @MinLength(1, { message: 'S3_REGION must not be empty' })
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string = undefined;

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.S3_ACCESS_KEY_ID !== undefined)
  @IsString({ message: 'S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set' })
  @MinLength(1, { message: 'S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set' })
  S3_SECRET_ACCESS_KEY?: string = undefined;

  /** Bucket in the path rather than the host name (MinIO and most domestic clouds' S3 APIs). */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** The "100+20" assessment rules file (JSON), validated at boot; see `config/assessment-rules.json`. */
  @IsString()
  @MinLength(1)
  ASSESSMENT_RULES_FILE = 'config/assessment-rules.json';

  /** The assessment rules read from {@link ASSESSMENT_RULES_FILE} when the configuration was loaded. */
  get assessmentRules(): AssessmentRules {
    const rules = loadedRules.get(this);
    if (!rules) throw new Error('assessment rules are read by loadConfig(); build the configuration with it');
    return rules;
  }

  /** {@link AUTH_MAX_TOKEN_AGE} in seconds. */
  get authMaxTokenAgeSeconds(): number {
    return Math.floor(parseDuration(this.AUTH_MAX_TOKEN_AGE) / 1_000);
  }

  /** The task light's settings ({@link WARNING_WINDOW}; {@link DISPLAY_TIMEZONE}, the reporting periods' calendar). */
  get taskLightRule(): TaskLightRule {
    return { warningWindowMs: parseDuration(this.WARNING_WINDOW), timeZone: this.DISPLAY_TIMEZONE };
  }

  /** The routes read from {@link NOTIFY_ROUTES_FILE} when the configuration was loaded (none without a file). */
  get notifyRoutes(): NotifyRoutes {
    return loadedRoutes.get(this) ?? {};
  }

  /** Resolved path of the embedded event store file. */
  /**
   * {@link TRUST_PROXY} as Fastify's `trustProxy` option: `false`, the trusted addresses, or for
   * a count of proxies a function trusting that many hops nearest the server.
   */
  get trustProxy(): false | string[] | ((address: string, hop: number) => boolean) {
    const parsed = parseTrustProxy(this.TRUST_PROXY) ?? false;
    return typeof parsed === 'number' ? (_address, hop) => hop < parsed : parsed;
  }

  get eventStorePath(): string {
    return this.EVENT_STORE_PATH ?? path.join(this.DATA_DIR, 'events.sqlite');
  }

  /** Directory of the local read models. */
  get readModelDir(): string {
    return path.join(this.DATA_DIR, 'read-models');
  }

  /** Directory of evidence files on disk (`FILE_STORE=disk`). */
  get fileDir(): string {
    return path.join(this.DATA_DIR, 'files');
  }

  /** {@link FILE_ORPHAN_TTL} in milliseconds. */
  get fileOrphanTtlMs(): number {
    return parseDuration(this.FILE_ORPHAN_TTL);
  }

  /** {@link FILE_ORPHAN_SWEEP_EVERY} in milliseconds. */
  get fileOrphanSweepMs(): number {
    return parseDuration(this.FILE_ORPHAN_SWEEP_EVERY);
  }

  /** {@link ACK_WINDOW} in milliseconds. */
  get ackWindowMs(): number {
    return parseDuration(this.ACK_WINDOW);
  }

  /** {@link RECTIFICATION_EXTENSION_LIMITS} parsed: severity → number of extensions allowed. */
  get rectificationExtensionLimits(): Partial<Record<'critical' | 'high' | 'medium' | 'low', number>> {
    return Object.fromEntries(
      this.RECTIFICATION_EXTENSION_LIMITS.split(',')
        .filter((part) => part.trim() !== '')
        .map((part) => part.split('=').map((x) => x.trim()))
        .map(([severity, n]) => [severity, Number(n)]),
    );
  }

  /** The digest signer loaded from `AUDIT_SIGNING_KEY_FILE` by {@link loadConfig}; null without one. */
  get digestSigner(): DigestSigner | null {
    return loadedSigning.get(this)?.signer ?? null;
  }

  /** What boot should warn about (a key file other users can read); nothing fatal. */
  get warnings(): readonly string[] {
    return loadedSigning.get(this)?.warnings ?? [];
  }

  /**
   * Whether people may sign in with a development token minted by the API itself
   * (`/console/dev-login`, `POST /auth/dev-token`): outside production, when tokens are HS256
   * (no JWKS or OIDC provider configured).
   */
  get devSignIn(): boolean {
    return this.NODE_ENV !== 'production' && !this.AUTH_JWKS_URL && !this.AUTH_OIDC_ISSUER && this.jwtSecret !== undefined;
  }

  /** The HS256 secret in force, the development default outside production. */
  get jwtSecret(): string | undefined {
    if (this.AUTH_JWT_SECRET) return this.AUTH_JWT_SECRET;
    return this.NODE_ENV === 'production' ? undefined : DEV_JWT_SECRET;
  }
}

/**
 * What {@link loadConfig} read besides the variables. Kept beside the config rather than in a
 * field of it: the config's own fields are filled from the environment.
 */
const loadedSigning = new WeakMap<AppConfig, { signer: DigestSigner | null; warnings: string[] }>();

/**
 * Reads the signing key file once. Its contents are never in a message: only the path, the
 * file mode and what kind of key was expected.
 */
function loadSigningKey(file: string, problems: string[], warnings: string[]): DigestSigner | null {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    problems.push(`AUDIT_SIGNING_KEY_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return null;
  }
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warnings.push(
        `AUDIT_SIGNING_KEY_FILE ${file} can be read by other users of this machine (mode ${mode.toString(8).padStart(4, '0')}); chmod 600 it`,
      );
    }
    return DigestSigner.fromPem(pem);
  } catch (e) {
    if (!(e instanceof SigningKeyError)) throw e;
    problems.push(`AUDIT_SIGNING_KEY_FILE: ${file}: ${e.message}`);
    return null;
  } finally {
    pem.fill(0);
  }
}

/** A configuration that cannot run; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds and validates the configuration from an environment (default `process.env`, after
 * loading `./.env` when present). Throws {@link ConfigError} naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): AppConfig {
  const known = Object.keys(new AppConfig());
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([k]) =>
        known.includes(k) ||
        k.endsWith('_PATH') ||
        k.startsWith('AUTH_') ||
        k.startsWith('ESDB_') ||
        k.startsWith('NOTIFY_') ||
        k.startsWith('S3_') ||
        k === 'METRICS_TOKEN',
    ),
  );
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)),
  );
  if (config.NODE_ENV === 'production' && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL && !config.AUTH_OIDC_ISSUER) {
    problems.push('AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_OIDC_ISSUER must be set when NODE_ENV=production');
  }
  if (problems.length === 0) {
    // Read at boot, so a bad rules file stops the process before it serves a single score.
    try {
      loadedRules.set(config, loadAssessmentRules(config.ASSESSMENT_RULES_FILE));
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      problems.push(e.message);
    }
    if (config.NOTIFY_ROUTES_FILE) {
      try {
        loadedRoutes.set(config, loadNotifyRoutes(config.NOTIFY_ROUTES_FILE));
      } catch (e) {
        if (!(e instanceof ConfigFileError)) throw e;
        problems.push(e.message);
      }
    }
  }
  const warnings: string[] = [];
  const signer =
    config.AUDIT_SIGNING_KEY_FILE && !errors.some((e) => e.property === 'AUDIT_SIGNING_KEY_FILE')
      ? loadSigningKey(config.AUDIT_SIGNING_KEY_FILE, problems, warnings)
      : null;
  if (problems.length > 0) throw new ConfigError(problems);
  loadedSigning.set(config, { signer, warnings });
  return config;
}

/**
 * {@link loadConfig} for process entry points: on a {@link ConfigError} writes its message to
 * stderr and exits with 78 (EX_CONFIG), so a misconfigured deployment stops with a readable
 * message instead of a stack trace; any other error is rethrown.
 */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

function readEnv(): NodeJS.ProcessEnv {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  return process.env;
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
