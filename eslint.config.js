// ESLint flat config (ESLint 10, typescript-eslint 8). `npm run lint` lints apps, libs, test,
// bench and scripts. Only the syntax-based typescript-eslint rules are used (no type-aware
// linting): `tsc --noEmit` already type-checks, and this keeps lint at a few seconds.
//
// Deliberately NOT enabled:
// - @typescript-eslint/consistent-type-imports: with emitDecoratorMetadata, turning a class
//   import used only in a constructor signature into `import type` removes the runtime
//   reference Nest's dependency injection reads, and injection silently breaks.
// - @typescript-eslint/no-extraneous-class: Nest modules are empty decorated classes.
import { builtinModules, createRequire } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The HttpException family of @nestjs/common: HTTP is the app layer's concern. */
const HTTP_EXCEPTIONS = [
  'HttpException',
  'BadGatewayException',
  'BadRequestException',
  'ConflictException',
  'ForbiddenException',
  'GatewayTimeoutException',
  'GoneException',
  'HttpVersionNotSupportedException',
  'ImATeapotException',
  'InternalServerErrorException',
  'MethodNotAllowedException',
  'MisdirectedException',
  'NotAcceptableException',
  'NotFoundException',
  'NotImplementedException',
  'PayloadTooLargeException',
  'PreconditionFailedException',
  'RequestTimeoutException',
  'ServiceUnavailableException',
  'UnauthorizedException',
  'UnprocessableEntityException',
  'UnsupportedMediaTypeException',
];

/** The libs' import aliases (package.json "imports", read through scripts/toolchain.cjs). */
const ALIASES = Object.keys(createRequire(import.meta.url)('./scripts/toolchain.cjs').sourceAliases());

const HTTP_EXCEPTION_MESSAGE =
  'Libraries throw typed errors (DomainError, event-store errors); the API maps them to HTTP in its exception filter. ' +
  'Do not use Nest HTTP exceptions under libs/.';

/** no-restricted-imports options for every lib. */
const libsRestrictions = {
  paths: [{ name: '@nestjs/common', importNames: HTTP_EXCEPTIONS, message: HTTP_EXCEPTION_MESSAGE }],
  patterns: [{ group: ['@nestjs/common/exceptions', '@nestjs/common/exceptions/*'], message: HTTP_EXCEPTION_MESSAGE }],
};

const DEFAULT_CALENDAR_MESSAGE =
  "A writer decides on the deployment's calendar and policy (DISPLAY_TIMEZONE, ACK_WINDOW, extension limits): " +
  'build the decider from the configuration ' +
  '(see apps/api/src/http/decider.provider.ts); the DEFAULT_* values are for specs, benchmarks and the domain itself.';

/** The defaults a production writer must not decide with (specs, tests and benchmarks may). */
const defaultCalendarImports = {
  name: '#domain',
  importNames: ['DEFAULT_DUE_CALENDAR', 'DEFAULT_INSPECTION_POLICY', 'DEFAULT_TASK_POLICY', 'DEFAULT_TIME_ZONE'],
  message: DEFAULT_CALENDAR_MESSAGE,
};

/**
 * `xDeciderFor(...)` in production code takes its calendar and policy from configuration: not
 * left out (`taskDeciderFor(calendar)` falls back to the default acknowledgement window) and not
 * written as a literal (`{ timeZone: 'Asia/Shanghai' }`). Folding needs no decider at all
 * (`initialXState`, `evolveX`), and no aggregate exports a default-calendar decider.
 */
const DECIDER_FOR = ':matches(CallExpression[callee.name=/DeciderFor$/], CallExpression[callee.property.name=/DeciderFor$/])';
const TASK_DECIDER_FOR = ":matches(CallExpression[callee.name='taskDeciderFor'], CallExpression[callee.property.name='taskDeciderFor'])";
const deciderMisuse = [
  { selector: `${DECIDER_FOR}[arguments.length=0]`, message: DEFAULT_CALENDAR_MESSAGE },
  { selector: `${TASK_DECIDER_FOR}[arguments.length<2]`, message: DEFAULT_CALENDAR_MESSAGE },
  { selector: `${DECIDER_FOR} Literal`, message: DEFAULT_CALENDAR_MESSAGE },
  { selector: `${DECIDER_FOR} Identifier[name=/^DEFAULT_/]`, message: DEFAULT_CALENDAR_MESSAGE },
];

const DOMAIN_MESSAGE =
  'libs/domain is pure: no Nest, no database/queue/event-store clients, no Node built-ins, no other lib. ' +
  'Put this in an adapter outside the domain.';

/**
 * no-restricted-imports options for a file `depth` directories below libs/domain
 * (libs/domain/src/x.ts has depth 1): the package bans, plus any relative import climbing
 * out of libs/domain. dependency-cruiser (`npm run depcheck`) is the primary guard; this one
 * answers in the editor.
 */
function domainRestrictions(depth) {
  return {
    paths: [
      ...libsRestrictions.paths,
      ...['better-sqlite3', 'ioredis', 'bullmq', ...ALIASES.filter((a) => a !== '#domain' && a !== '#domain/testing')].map((name) => ({
        name,
        message: DOMAIN_MESSAGE,
      })),
      { name: '#domain', message: 'Inside libs/domain import siblings by relative path, not through the #domain barrel (import cycles).' },
      { name: '#domain/testing', message: 'Inside libs/domain import the spec helpers by relative path (../testing.js).' },
      // Bare built-ins ('fs', 'crypto', ...); the `node:` forms are caught by the pattern below.
      ...builtinModules.filter((m) => !m.startsWith('_') && !m.includes(':')).map((name) => ({ name, message: DOMAIN_MESSAGE })),
    ],
    patterns: [
      ...libsRestrictions.patterns,
      { group: ['@nestjs/*', '@eventstore/*', '@kurrent/*', 'node:*'], message: DOMAIN_MESSAGE },
      { group: ['bullmq/*', 'ioredis/*', 'better-sqlite3/*'], message: DOMAIN_MESSAGE },
      ...(Number.isFinite(depth)
        ? [{ regex: `^(\\./)?(\\.\\./){${depth + 1},}`, message: `${DOMAIN_MESSAGE} (This relative import leaves libs/domain.)` }]
        : []),
    ],
  };
}

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const SPEC_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts'];

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/data/', '**/coverage/'], 'reform-ledger/ignores'),

  tseslint.configs.recommended,

  {
    name: 'reform-ledger/base',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Constructors that only declare parameter properties (`constructor(private readonly x: X) {}`)
      // are Nest's injection idiom: both typescript-eslint rules below accept them and still
      // report genuinely empty or useless constructors and functions.
      'no-empty-function': 'off',
      '@typescript-eslint/no-empty-function': [
        'error',
        { allow: ['decoratedFunctions', 'overrideMethods', 'private-constructors', 'protected-constructors'] },
      ],
      'no-useless-constructor': 'off',
      '@typescript-eslint/no-useless-constructor': 'error',
      // `interface CreateX extends Base {}` is a common DTO/port idiom.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Application code logs through Nest's Logger / pino; console.error stays allowed for
      // bootstrap failures before the logger exists.
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
      'no-throw-literal': 'error',
      'no-self-compare': 'error',
      'no-unsafe-finally': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      // Prettier (npm run format; checked by npm run lint) wraps code at 140 but never breaks a string or a
      // comment: this holds comments, strings and template literals to the same width (break a long text by
      // concatenation, a long SQL statement across lines). Regular expressions and URLs are exempt: they cannot be broken.
      'max-len': ['error', { code: 140, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },

  {
    name: 'reform-ledger/file-length',
    // A file over 450 lines holds more than one role: split it by role (`x.decider.ts`, `x.evolve.ts`, `x.queries.ts`...).
    // Specs and generated code are outside the limit.
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: [...SPEC_FILES, '**/*.browser.ts', 'libs/api-client/src/schema.ts', '**/*.generated.ts'],
    rules: { 'max-lines': ['error', { max: 450, skipBlankLines: false, skipComments: false }] },
  },

  {
    name: 'reform-ledger/generated',
    // Written by `npm run api-client` and compared byte for byte with a fresh generation: not hand-wrapped.
    files: ['libs/api-client/src/schema.ts', '**/*.generated.ts'],
    rules: { 'max-len': 'off' },
  },

  {
    name: 'reform-ledger/libs',
    files: ['libs/**'],
    rules: { 'no-restricted-imports': ['error', { ...libsRestrictions, paths: [...libsRestrictions.paths, defaultCalendarImports] }] },
  },
  {
    name: 'reform-ledger/libs-specs',
    files: SPEC_FILES.map((f) => `libs/${f}`),
    rules: { 'no-restricted-imports': ['error', libsRestrictions] },
  },

  // libs/domain: the package bans everywhere below it, then one block per directory depth
  // (later blocks win) that adds the exact "leaves libs/domain" relative-path pattern.
  {
    name: 'reform-ledger/domain',
    files: ['libs/domain/**'],
    rules: { 'no-restricted-imports': ['error', domainRestrictions(Infinity)] },
  },
  ...Array.from({ length: 8 }, (_, depth) => ({
    name: `reform-ledger/domain-depth-${depth}`,
    files: TS_FILES.map((ext) => `libs/domain/${'*/'.repeat(depth)}${ext.replace('**/', '')}`),
    rules: { 'no-restricted-imports': ['error', domainRestrictions(depth)] },
  })),

  {
    name: 'reform-ledger/writers-decide-on-the-configured-calendar',
    files: ['apps/**', 'libs/**', 'scripts/**'],
    ignores: ['libs/domain/**', ...SPEC_FILES],
    rules: { 'no-restricted-syntax': ['error', ...deciderMisuse] },
  },
  {
    name: 'reform-ledger/apps-scripts-defaults',
    files: ['apps/**', 'scripts/**'],
    ignores: SPEC_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [defaultCalendarImports] }] },
  },

  {
    name: 'reform-ledger/tests-scripts-benchmarks',
    files: ['scripts/**', 'bench/**', 'test/**', ...SPEC_FILES],
    rules: { 'no-console': 'off' },
  },

  {
    name: 'reform-ledger/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
