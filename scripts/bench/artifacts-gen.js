// Generates the mirror folder for npm run bench:artifacts: valid Python wheels (METADATA, WHEEL, RECORD
// with correct urlsafe-base64 SHA-256 digests and sizes) and npm tarballs (package/package.json), written
// by Python's zipfile and tarfile in one python3 process. Contents are deterministic (seeded), sized
// like small real packages (a few to some tens of KiB compressed).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const PY = String.raw`
import base64, hashlib, io, json, os, random, sys, tarfile, zipfile

out, wheels, tarballs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(4)
WORDS = ('config store index value result request handler token buffer stream record digest policy '
         'signer version mirror import verify package module client server cache batch').split()
EPOCH = (2024, 1, 1, 0, 0, 0)

def text(lines, lang):
    rows = []
    for i in range(lines):
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        if lang == 'py':
            rows.append(f'def {a}_{b}_{i}({c}, n={rng.randint(0, 999)}):\n    return {c}.{a}(n) + {rng.random():.6f}\n')
        else:
            rows.append(f'exports.{a}{b.title()}{i} = ({c}, n = {rng.randint(0, 999)}) => {c}.{a}(n) + {rng.random():.6f};\n')
    return ''.join(rows).encode()

def digest(data):
    return 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()

def wheel(i):
    name, version = f'bench_pkg_{i:04d}', f'1.{i % 7}.{i}'
    dist = f'{name}-{version}.dist-info'
    files = {f'{name}/__init__.py': f'__version__ = "{version}"\n'.encode()}
    for m in range(rng.randint(2, 10)):
        files[f'{name}/mod_{m}.py'] = text(rng.randint(20, 300), 'py')
    deps = [f'bench-pkg-{rng.randrange(wheels):04d}>={rng.randint(0, 3)}.0' for _ in range(rng.randint(0, 5))]
    meta = [ 'Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}', f'Summary: Benchmark package {i}',
             'Home-page: https://example.invalid/bench', 'License: MIT', 'Requires-Python: >=3.8' ]
    meta += [f'Requires-Dist: {d}' for d in deps]
    files[f'{dist}/METADATA'] = ('\n'.join(meta) + '\n\n' + 'A package for the artifact benchmark.\n').encode()
    files[f'{dist}/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: hale-bench (0.1)\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
    record = ''.join(f'{p},{digest(d)},{len(d)}\n' for p, d in files.items()) + f'{dist}/RECORD,,\n'
    files[f'{dist}/RECORD'] = record.encode()
    path = os.path.join(out, f'{name}-{version}-py3-none-any.whl')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for p, d in files.items():
            z.writestr(zipfile.ZipInfo(p, EPOCH), d, zipfile.ZIP_DEFLATED)
    return path

def tarball(i):
    name, version = f'bench-npm-{i:04d}', f'2.{i % 5}.{i}'
    deps = {f'bench-npm-{rng.randrange(tarballs):04d}': f'^{rng.randint(0, 3)}.0.0' for _ in range(rng.randint(0, 6))}
    manifest = {'name': name, 'version': version, 'description': f'Benchmark package {i}', 'license': 'MIT',
                'main': 'index.js', 'homepage': 'https://example.invalid/bench', 'dependencies': deps}
    files = {'package/package.json': (json.dumps(manifest, indent=2) + '\n').encode(),
             'package/README.md': (f'# {name}\n\n' + 'A package for the artifact benchmark.\n' * 10).encode(),
             'package/index.js': b"module.exports = require('./lib/main');\n"}
    for m in range(rng.randint(1, 8)):
        files[f'package/lib/{"main" if m == 0 else f"part{m}"}.js'] = text(rng.randint(20, 300), 'js')
    path = os.path.join(out, f'{name}-{version}.tgz')
    with tarfile.open(path, 'w:gz') as t:
        for p, d in files.items():
            info = tarfile.TarInfo(p)
            info.size, info.mode, info.mtime = len(d), 0o644, 499162500
            t.addfile(info, io.BytesIO(d))
    return path

paths = [wheel(i) for i in range(wheels)] + [tarball(i) for i in range(tarballs)]
print(json.dumps(paths))
`;

/** Writes `wheels` wheels and `tarballs` npm tarballs into `dir`; returns their paths. */
exports.generateMirror = (dir, { wheels, tarballs }) => {
  fs.mkdirSync(dir, { recursive: true });
  const out = execFileSync('python3', ['-c', PY, dir, String(wheels), String(tarballs)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
};
