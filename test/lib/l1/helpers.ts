import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { L1ChangedFile, L1Input } from '../../../lib/l1';

export const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'l1');

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const sri = (text: string): string => `sha512-${createHash('sha512').update(text).digest('base64')}`;

/** A hash-pinned requirements.lock (`pip-compile --generate-hashes` shape); hashes are of name==version. */
export function requirementsLock(pins: [string, string][]): string {
  return pins
    .map(([name, version]) => `${name}==${version} \\\n    --hash=sha256:${sha256(`${name}==${version}`)}\n`)
    .join('');
}

export interface NpmPin {
  name: string;
  version: string;
  hasInstallScript?: boolean;
}

/** A lockfileVersion 3 package-lock.json with top-level node_modules entries. */
export function packageLock(pins: NpmPin[]): string {
  const packages: Record<string, unknown> = { '': { name: 'svc', version: '1.0.0' } };
  for (const p of pins) {
    packages[`node_modules/${p.name}`] = {
      version: p.version,
      integrity: sri(`${p.name}@${p.version}`),
      ...(p.hasInstallScript ? { hasInstallScript: true } : {}),
    };
  }
  return `${JSON.stringify({ name: 'svc', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

/** A fixture file as a changed file at `as` (default: its path under test/fixtures/l1). */
export function fixtureFile(rel: string, as = rel): L1ChangedFile {
  return { path: as, content: fs.readFileSync(path.join(fixtures, rel), 'utf8') };
}

export function change(overrides: Partial<L1Input> = {}): L1Input {
  return {
    request_id: 'rem-2026-12-02-demo-api-1',
    artifact_digest: `sha256:${'ab'.repeat(32)}`,
    service: 'demo-api',
    ...overrides,
  };
}

export const never = new AbortController().signal;
