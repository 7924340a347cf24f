/** Jest runs TypeScript sources directly (transpile only; `npm run typecheck` checks types). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
