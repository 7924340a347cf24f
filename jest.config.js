/** Jest runs TypeScript sources directly (transpile only; `npm run typecheck` checks types). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  setupFiles: ['<rootDir>/test/support/pglite-realm.ts', '<rootDir>/test/support/setup-env.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
};
