import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../lib/db';
import { REPO, spawnHale } from '../../support/cli';

export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'artifacts');
export const PACKAGES = path.join(FIXTURES, 'packages');
export const LOCKFILES = path.join(FIXTURES, 'lockfiles');
export const PASSWORD = 'correct horse battery staple';

export const SIX = 'local://python-wheel/six/1.16.0/six-1.16.0-py2.py3-none-any.whl';
export const SIX_SHA256 = '8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254';
export const IS_NUMBER = 'local://npm-tarball/is-number/7.0.0/is-number-7.0.0.tgz';

export interface Run {
  code: number | null;
  /** stdout and stderr interleaved. */
  out: string;
  stdout: string;
}

/** One listed artifact (`hale artifact list --json`). */
export interface Listed {
  ref: string;
  kind: string;
  name: string;
  version: string;
  status: string;
  length: number;
  hashes: { sha256: string; sha512: string };
  sbom_sha256: string | null;
  signature: string;
  key_id: string;
}

/**
 * A temp dir with `hale.yaml` (`data_dir: ./data`): the embedded PGlite, the keys and the store
 * (`data/artifacts`) live under it. The CLI is pointed at it with HALE_CONFIG (spawnHale strips
 * DATABASE_URL and every other HALE_* variable from the child's environment).
 */
export class Workspace {
  readonly data: string;
  readonly store: string;
  readonly keys: string;
  readonly env: Record<string, string>;

  constructor(readonly dir: string) {
    this.data = path.join(dir, 'data');
    this.store = path.join(this.data, 'artifacts');
    this.keys = path.join(this.data, 'keys');
    fs.writeFileSync(path.join(dir, 'hale.yaml'), 'data_dir: ./data\n');
    this.env = { HALE_CONFIG: path.join(dir, 'hale.yaml'), COSIGN_PASSWORD: PASSWORD };
  }

  static create(prefix: string): Workspace {
    return new Workspace(fs.mkdtempSync(path.join(os.tmpdir(), `hale-artifact-${prefix}-`)));
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Runs `hale artifact …args`; `env` adds to (or, with undefined, removes from) the workspace env. */
  async artifact(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
    return this.hale(['artifact', ...args], env);
  }

  async hale(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
    const p = spawnHale(args, { ...this.env, ...env });
    let stdout = '';
    p.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const { code } = await p.exited;
    return { code, out: p.output(), stdout };
  }

  /** A copy of the five fixture packages (2 wheels, 2 npm tarballs, 1 .deb). */
  mirror(name = 'mirror'): string {
    const dir = this.path(name);
    fs.cpSync(PACKAGES, dir, { recursive: true });
    return dir;
  }

  async list(): Promise<Listed[]> {
    const r = await this.artifact(['list', '--json']);
    if (r.code !== 0) throw new Error(`hale artifact list --json: exit ${r.code}\n${r.out}`);
    return JSON.parse(r.stdout) as Listed[];
  }

  /** `signed.version` of the current index file (read straight from disk). */
  indexVersion(): number {
    const text = fs.readFileSync(path.join(this.store, 'index', 'index.json'), 'utf8');
    return (JSON.parse(text) as { signed: { version: number } }).signed.version;
  }

  blob(sha256: string): string {
    return path.join(this.store, 'blobs', 'sha256', sha256.slice(0, 2), sha256);
  }

  /** `keys generate` then `import` of a fresh mirror copy; returns the mirror folder. */
  async seed(): Promise<string> {
    const keys = await this.artifact(['keys', 'generate']);
    if (keys.code !== 0) throw new Error(`keys generate: exit ${keys.code}\n${keys.out}`);
    const mirror = this.mirror();
    const imported = await this.artifact(['import', mirror]);
    if (imported.code !== 0) throw new Error(`import: exit ${imported.code}\n${imported.out}`);
    return mirror;
  }

  /** The ledger's entries (type and parsed payload), read from the embedded database once no CLI holds it. */
  async ledger(): Promise<{ seq: number; type: string; actor: string; payload: Record<string, unknown> }[]> {
    const db = await openDatabase({ dataDir: this.data, direct: true });
    try {
      const { rows } = await db.query<{ seq: string | number; type: string; actor: string; payload: string }>(
        'SELECT seq, type, actor, payload FROM ledger_entries ORDER BY seq',
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        type: r.type,
        actor: r.actor,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
      }));
    } finally {
      await db.close();
    }
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * six's wheel with one byte of six.py changed and RECORD left as it was (rewritten with python3's
 * zipfile, so the archive itself is well-formed): only the RECORD check can notice.
 */
export function tamperedSixWheel(outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const src = path.join(PACKAGES, 'six-1.16.0-py2.py3-none-any.whl');
  const out = path.join(outDir, path.basename(src));
  const script = [
    'import sys, zipfile',
    'src, out = sys.argv[1], sys.argv[2]',
    'with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:',
    '    for info in zi.infolist():',
    '        data = zi.read(info)',
    '        if info.filename == "six.py":',
    '            assert b"__version__" in data',
    '            data = data.replace(b"__version__", b"__versiox__", 1)',
    '        zo.writestr(info, data)',
  ].join('\n');
  execFileSync('python3', ['-c', script, src, out]);
  return out;
}
