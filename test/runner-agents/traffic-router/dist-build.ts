import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const ROUTER_MAIN = path.join(ROOT, 'dist', 'runner-agents', 'linux', 'traffic-router', 'main.js');
const SOURCES = [
  path.join(ROOT, 'runner-agents', 'linux', 'traffic-router'),
  path.join(ROOT, 'lib', 'fs'),
  path.join(ROOT, 'lib', 'errors'),
];

function newestSource(): number {
  return Math.max(
    ...SOURCES.flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => fs.statSync(path.join(dir, f)).mtimeMs),
    ),
  );
}

/**
 * The router's dist build, rebuilt when older than its sources (jest's global set-up builds everything
 * unless HALE_SKIP_BUILD=1). The build is incremental: a source touched without a change is not
 * re-emitted, so after a build main.js existing is what counts; tsc still emits when unrelated files
 * in the tree have type errors, hence a failed exit with main.js present is accepted too.
 */
export function ensureRouterBuilt(): string {
  const fresh = fs.existsSync(ROUTER_MAIN) && fs.statSync(ROUTER_MAIN).mtimeMs >= newestSource();
  if (fresh) return ROUTER_MAIN;
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (err) {
    if (!fs.existsSync(ROUTER_MAIN)) throw err;
  }
  if (!fs.existsSync(ROUTER_MAIN)) throw new Error(`${ROUTER_MAIN} missing after a build`);
  const now = new Date();
  fs.utimesSync(ROUTER_MAIN, now, now); // built from the current sources, even where tsc kept the old file
  return ROUTER_MAIN;
}
