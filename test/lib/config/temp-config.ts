import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, type ConfigErrorDetails } from '../../../lib/config';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** A temp directory per test file; call `cleanup` in afterAll. */
export function tempDirs(): { make: () => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    make: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-config-test-'));
      made.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `lines` (joined with \n) to dir/name and returns the absolute path. */
export function writeYaml(dir: string, lines: string[], name = 'hale.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs `fn`, expecting a ConfigError; returns it. */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

export function expectConfigError(
  fn: () => unknown,
  code: ConfigError['code'],
  details: Partial<ConfigErrorDetails>,
): ConfigError {
  const err = configErrorOf(fn);
  expect(err.code).toBe(code);
  expect(err.details).toMatchObject(details);
  return err;
}

/** A minimal valid hale.yaml body: one host `local`, one service on it. */
export const validLines = [
  'hosts:',
  '  - id: local',
  '    os: linux',
  'services:',
  '  - name: demo-api',
  '    host: local',
  '    kind: python',
  '    install_path: ./svc',
  '    start_command: python3 app.py',
];
