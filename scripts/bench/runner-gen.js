// Generates the wheels for npm run bench:runner: demo_lib (the demo-api service's dependency, one wheel per
// version) and `deps` small pure-Python dependency wheels without Requires-Dist (a hash-pinned lock must pin
// every installed distribution). Valid wheels (METADATA, WHEEL, RECORD with urlsafe-base64 SHA-256 digests
// and sizes), written by Python's zipfile in one python3 process; contents are deterministic (seeded) and
// sized like small real packages (2-10 modules, a few to some tens of KiB compressed).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const PY = String.raw`
import base64, hashlib, json, os, random, sys, zipfile

out, deps, demo_versions = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
rng = random.Random(5)
WORDS = ('config store index value result request handler token buffer stream record digest policy '
         'signer version mirror loader verify package module client server cache batch').split()
EPOCH = (2024, 1, 1, 0, 0, 0)

def code(lines):
    rows = []
    for i in range(lines):
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        rows.append(f'def {a}_{b}_{i}({c}, n={rng.randint(0, 999)}):\n    return {c}.{a}(n) + {rng.random():.6f}\n')
    return ''.join(rows)

def digest(data):
    return 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()

def wheel(name, version, modules):
    dist = f'{name}-{version}.dist-info'
    files = {p: d.encode() for p, d in modules.items()}
    meta = ['Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}', f'Summary: Benchmark package {name}',
            'License: MIT', 'Requires-Python: >=3.8']
    files[f'{dist}/METADATA'] = ('\n'.join(meta) + '\n\nA package for the runner benchmark.\n').encode()
    files[f'{dist}/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: hale-bench (0.1)\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
    record = ''.join(f'{p},{digest(d)},{len(d)}\n' for p, d in files.items()) + f'{dist}/RECORD,,\n'
    files[f'{dist}/RECORD'] = record.encode()
    path = os.path.join(out, f'{name}-{version}-py3-none-any.whl')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for p, d in files.items():
            z.writestr(zipfile.ZipInfo(p, EPOCH), d, zipfile.ZIP_DEFLATED)
    with open(path, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {'name': name, 'version': version, 'module': name, 'file': path, 'sha256': sha}

demo = [wheel('demo_lib', v, {'demo_lib/__init__.py': f'VERSION = "{v}"\n'}) for v in demo_versions]
generated = []
for i in range(deps):
    name = f'hale_bench_dep_{i:04d}'
    count = rng.randint(2, 10)
    modules = {f'{name}/mod_{m}.py': code(rng.randint(20, 300)) for m in range(count)}
    # The package imports its modules, so the import audit really loads (and compiles) all of them.
    modules[f'{name}/__init__.py'] = '__version__ = "1.0.0"\n' + ''.join(f'from . import mod_{m}\n' for m in range(count))
    generated.append(wheel(name, '1.0.0', modules))
print(json.dumps({'demo': demo, 'deps': generated}))
`;

/**
 * Writes demo_lib wheels (one per version) and `deps` dependency wheels into `dir`;
 * returns { demo: [...], deps: [...] }, each { name, version, module, file, sha256 }.
 */
exports.generateWheels = (dir, { deps, demoVersions }) => {
  fs.mkdirSync(dir, { recursive: true });
  const out = execFileSync('python3', ['-c', PY, dir, String(deps), JSON.stringify(demoVersions)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
};

/** A hash-pinned requirements lock (pip's `--require-hashes` format) for the given wheels. */
exports.lockText = (wheels) =>
  wheels
    .map((w) => `${w.name.replace(/_/g, '-')}==${w.version} \\\n    --hash=sha256:${w.sha256}\n`)
    .join('');
