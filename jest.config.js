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

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^#event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#read-models$': '<rootDir>/libs/read-models/src/index.ts',
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
