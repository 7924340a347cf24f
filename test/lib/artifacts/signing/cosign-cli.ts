// Test helper: the real cosign binary (found, never built, by the resolver) and temp dirs.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveCosign } from '../../../../infra/tools';

export interface CosignRun {
  code: number;
  stdout: string;
  stderr: string;
}

let cosignPath: Promise<string> | undefined;

/** Path of cosign; fails (never skips) with a hint to run `hale tools` when it is missing. */
export function cosignBinary(): Promise<string> {
  cosignPath ??= resolveCosign({ build: false }).then(
    (tool) => tool.path,
    (err: unknown) => {
      throw new Error(`cosign is needed for these tests: run \`hale tools\` first (${String(err)})`);
    },
  );
  return cosignPath;
}

/** Runs cosign with `args` in `cwd`; COSIGN_PASSWORD is set only when `password` is given. */
export async function cosign(args: string[], cwd: string, password?: string): Promise<CosignRun> {
  const bin = await cosignBinary();
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: cwd, TUF_ROOT: path.join(cwd, '.sigstore') };
  delete env.COSIGN_PASSWORD;
  if (password !== undefined) env.COSIGN_PASSWORD = password;
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, env, timeout: 60000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `cosign verify-blob` offline (no tlog); resolves to the exit code. */
export async function cosignVerify(cwd: string, pub: string, file: string, by: string[]): Promise<CosignRun> {
  return cosign(['verify-blob', '--key', pub, ...by, '--insecure-ignore-tlog=true', file], cwd);
}

/**
 * `cosign sign-blob` offline with a key: `bundle` writes `<file>.bundle.json` (the default new
 * format); `signature` writes the bare base64 signature to `<file>.sig` (old format, hidden flags).
 */
export async function cosignSign(
  cwd: string,
  key: string,
  password: string,
  file: string,
  output: 'bundle' | 'signature',
): Promise<CosignRun> {
  const out =
    output === 'bundle'
      ? ['--bundle', `${file}.bundle.json`]
      : ['--new-bundle-format=false', '--output-signature', `${file}.sig`];
  const offline = ['--use-signing-config=false', '--tlog-upload=false', '-y'];
  return cosign(['sign-blob', '--key', key, ...out, ...offline, file], cwd, password);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hale-signing-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** cosign refused to verify for a signature or digest reason (not a usage error). */
export function expectCosignRejects(run: CosignRun): void {
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(/invalid signature|digest does not match/);
}

/** A copy of `bytes` with one bit of byte `at` flipped. */
export function flipBit(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt8(copy.readUInt8(at) ^ 1, at);
  return copy;
}
