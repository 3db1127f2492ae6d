/**
 * One Jest run for unit tests (*.spec.ts) and integration tests on a real PostgreSQL (*.int-spec.ts).
 * Nest 12 and TypeORM 1 are ES modules: Jest runs in ESM mode (node --experimental-vm-modules).
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps/api/src', '<rootDir>/libs', '<rootDir>/tests/web', '<rootDir>/migrations'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@academy/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@academy/migrations$': '<rootDir>/migrations/index.ts',
    '^@academy/testing$': '<rootDir>/tests/support/test-app.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/apps/api/tsconfig.spec.json' }],
  },
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  globalTeardown: '<rootDir>/tests/support/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
