// demo_lib wheels for bench:pipeline, written with Python's zipfile (valid METADATA, WHEEL, RECORD):
// 1.0.0 and 1.1.0 good; 1.2.0 makes demo-api's POST /orders fail (never mirrored: the watch catches it).
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const VERSIONS = {
  '1.0.0': 'VERSION = "1.0.0"\n',
  '1.1.0': 'VERSION = "1.1.0"\n',
  '1.2.0': 'VERSION = "1.2.0"\ndef process_order(order):\n    raise RuntimeError("orders broken")\n',
};

const SCRIPT = String.raw`
import base64, hashlib, sys, zipfile
out, version, code = sys.argv[1], sys.argv[2], sys.argv[3]
dist = f'demo_lib-{version}.dist-info'
files = {'demo_lib/__init__.py': code.encode()}
files[f'{dist}/METADATA'] = f'Metadata-Version: 2.1\nName: demo_lib\nVersion: {version}\nLicense-Expression: MIT\n\n'.encode()
files[f'{dist}/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: hale-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
dig = lambda d: 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()
files[f'{dist}/RECORD'] = (''.join(f'{p},{dig(d)},{len(d)}\n' for p, d in files.items()) + f'{dist}/RECORD,,\n').encode()
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for p, d in files.items():
        z.writestr(zipfile.ZipInfo(p, (2024, 1, 1, 0, 0, 0)), d)
`;

function makeWheels(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(VERSIONS).map(([version, code]) => {
    const file = path.join(dir, `demo_lib-${version}-py3-none-any.whl`);
    execFileSync('python3', ['-c', SCRIPT, file, version, code]);
    return { version, file, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
  });
}

module.exports = { makeWheels };
