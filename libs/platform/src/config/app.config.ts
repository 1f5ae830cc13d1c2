import { existsSync, readFileSync, statSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { IsString, Matches, MinLength, validateSync } from 'class-validator';
import type { AssessmentRules } from '#domain';
import type { NotifyRoutes } from '#reminders';
import { DigestSigner, SigningKeyError } from '#read-models';
import { loadAssessmentRules } from './assessment-rules.loader.js';
import { FileSettings } from './files.config.js';
import { ConfigFileError } from './json-config-file.js';
import { loadNotifyRoutes } from './notify-routes.loader.js';

export { DEV_JWT_SECRET } from './auth.config.js';
export { parseTrustProxy } from './server.config.js';

// severity=n pairs, comma-separated, no severity twice (the lookahead refuses a repeat).
const EXTENSION_LIMITS =
  /^(?!.*\b(critical|high|medium|low)\s*=.*\b\1\s*=)\s*(critical|high|medium|low)\s*=\s*\d{1,3}(\s*,\s*(critical|high|medium|low)\s*=\s*\d{1,3})*\s*$/;

/** Rules loaded by {@link loadConfig}, per configuration (kept off the instance: its own keys are the variables). */
const loadedRules = new WeakMap<AppConfig, AssessmentRules>();
/** The routes file read by {@link loadConfig}, per configuration. */
const loadedRoutes = new WeakMap<AppConfig, NotifyRoutes>();

/**
 * Every setting the product reads, typed and validated at boot. Names are the environment
 * variables themselves so that an error message names exactly what to fix. Each area's settings
 * are their own class in `<area>.config.ts` (server, store, auth, reminders, files), stacked in
 * one chain because class-validator and class-transformer read a class's decorators through its
 * prototype chain; this last one holds the domain's rules files and what {@link loadConfig} read.
 */
export class AppConfig extends FileSettings {
  /**
   * How many times a finding's rectification due date may be extended, per severity
   * (`critical=1,high=2,medium=3,low=3`); severities left out keep the domain's default.
   */
  @Matches(EXTENSION_LIMITS, {
    message: 'RECTIFICATION_EXTENSION_LIMITS must look like critical=1,high=2,medium=3,low=3 (each severity at most once)',
  })
  RECTIFICATION_EXTENSION_LIMITS = 'critical=1,high=2,medium=3,low=3';

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

  /** The routes read from {@link NOTIFY_ROUTES_FILE} when the configuration was loaded (none without a file). */
  get notifyRoutes(): NotifyRoutes {
    return loadedRoutes.get(this) ?? {};
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
        `AUDIT_SIGNING_KEY_FILE ${file} can be read by other users of this machine (mode ` +
          `${mode.toString(8).padStart(4, '0')}); chmod 600 it`,
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
