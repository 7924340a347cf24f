/**
 * PGlite's CommonJS build calls `import()` (fs/promises, module, its node fs), which Jest's vm
 * sandbox rejects unless Node runs with --experimental-vm-modules (electric-sql/pglite#224).
 * Without that flag, importing this module first makes `@electric-sql/pglite` load through Node's
 * own require, outside the sandbox — as in production. Its values then come from the main realm:
 * compare rows with toEqual, not toBeInstanceOf(Date).
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
