/**
 * PGlite's CommonJS build calls `import()` (fs/promises, module, its node fs), which Jest's vm
 * sandbox rejects unless Node runs with --experimental-vm-modules (electric-sql/pglite#224).
 * Without that flag, importing this module first makes `@electric-sql/pglite` load through Node's
 * own require, outside the sandbox — as in production. lib/db's parsers still build Date, JSON and
 * Buffer values in this realm; row objects and arrays come from the main realm (use toEqual and
 * Array.isArray, not toBeInstanceOf(Array)). Works as a jest `setupFiles` entry too.
 */
const flagged = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes('--experimental-vm-modules'),
);
const nodeModule = flagged ? undefined : process.getBuiltinModule?.('module');
if (nodeModule) {
  const realRequire = nodeModule.createRequire(__filename);
  jest.doMock('@electric-sql/pglite', () => realRequire('@electric-sql/pglite') as unknown);
}

export {};
