import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Python's own zipfile writes the archive (fixed timestamps, so the same input gives the same bytes). */
const WRITER = String.raw`
import base64, hashlib, json, sys, zipfile
out, name, version, modules, extra = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), json.loads(sys.argv[5])
dist = f'{name}-{version}.dist-info'
files = {p: d.encode() for p, d in modules.items()}
files[f'{dist}/METADATA'] = (f'Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n' + ''.join(l + '\n' for l in extra) + '\n').encode()
files[f'{dist}/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: hale\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
dig = lambda d: 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()
files[f'{dist}/RECORD'] = (''.join(f'{p},{dig(d)},{len(d)}\n' for p, d in files.items()) + f'{dist}/RECORD,,\n').encode()
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for p, d in files.items():
        z.writestr(zipfile.ZipInfo(p, (2024, 1, 1, 0, 0, 0)), d)
`;

export interface WrittenWheel {
  file: string;
  sha256: string;
}

/**
 * Writes a valid pure-Python wheel `<dir>/<name>-<version>-py3-none-any.whl` (METADATA, WHEEL, and a
 * RECORD with the real digests) holding `modules` (path in the wheel → source text), as the real pip
 * installs it. Deterministic: the same arguments give the same bytes. Needs python3 on PATH.
 */
export function writeWheel(
  dir: string,
  name: string,
  version: string,
  modules: Record<string, string>,
  /** Extra METADATA header lines, e.g. `License-Expression: MIT`. */
  extraMetadata: string[] = [],
): WrittenWheel {
  const file = path.join(dir, `${name}-${version}-py3-none-any.whl`);
  execFileSync('python3', [
    '-c',
    WRITER,
    file,
    name,
    version,
    JSON.stringify(modules),
    JSON.stringify(extraMetadata),
  ]);
  return { file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}
