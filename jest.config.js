// Jest runs in ESM mode (Nest 12 is ESM-only); @swc/jest compiles with decorator metadata so
// Nest's dependency injection works exactly as in the built app.
const swc = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const ESM_ONLY = ['content-disposition', 'cookie'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // ESM-only packages that CommonJS dependencies require(); Node 20.19 loads them natively,
    // Jest's module system does not, so they are compiled to CommonJS for tests only.
    [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^#event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#read-models$': '<rootDir>/libs/read-models/src/index.ts',
    '^#platform$': '<rootDir>/libs/platform/src/index.ts',
    '^#reminders$': '<rootDir>/libs/reminders/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/libs/**/*.int-spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/apps/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
  ],
  testTimeout: 30000,
  maxWorkers: 2,
};
