// Jest global set-up: compile the project once so tests that spawn `hale` run the real build.
// HALE_SKIP_BUILD=1 skips it (useful when running a single unit suite while other code is mid-edit).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  if (process.env.HALE_SKIP_BUILD === '1') return;
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
};
