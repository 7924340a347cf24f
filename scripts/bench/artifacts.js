// npm run bench:artifacts — artifact store speed (issue 4): verify-before-use of a 100 MiB blob against
// `sha256sum` of the same file, ECDSA P-256 verifications per second, and an end-to-end import of 500
// real-format artifacts (250 wheels + 250 npm tarballs, generated first, not timed) with the real
// describeArtifact() (metadata, RECORD, SBOM built and schema-validated, signing, blob copy, one signed
// index). Everything happens in a temp dir removed at the end. The last line printed is one JSON object.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const { ArtifactStore } = require(path.join(dist, 'lib/artifacts/store/store'));
const { describeArtifact } = require(path.join(dist, 'lib/artifacts/describe'));
const { singleKeyPolicy } = require(path.join(dist, 'lib/artifacts/trust/policy'));
const { SeenIndexFile } = require(path.join(dist, 'lib/artifacts/trust/seen-index'));
const { digestFile, signBytes, verifyBytesSignature } = require(path.join(dist, 'lib/artifacts/signing'));
const { inspectPackage } = require(path.join(dist, 'lib/artifacts/packages'));
const { generateMirror } = require('./artifacts-gen');

const BIG_MIB = Number(process.env.BENCH_BIG_MIB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIG_SECONDS = Number(process.env.BENCH_SIG_SECONDS ?? 2);
const WHEELS = Number(process.env.BENCH_WHEELS ?? 250);
const TARBALLS = Number(process.env.BENCH_TARBALLS ?? 250);
const log = (line) => process.stderr.write(`${line}\n`);
const p256 = () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const secondsSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 4) => Number(x.toFixed(digits));

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return secondsSince(t0);
}

/** `runs` timed calls of `fn` after one untimed warm-up; returns every run's seconds. */
async function repeat(label, runs, fn) {
  await fn();
  const secs = [];
  for (let i = 0; i < runs; i++) {
    secs.push(await timed(fn));
    log(`${label} run ${i + 1}: ${secs[i].toFixed(3)} s`);
  }
  return secs;
}

function openStore(dir, keys) {
  const storeRoot = path.join(dir, 'store');
  fs.mkdirSync(storeRoot, { recursive: true });
  return new ArtifactStore({
    root: storeRoot,
    policy: singleKeyPolicy(keys.index.publicKey, keys.signing.publicKey, 'bench policy'),
    seen: SeenIndexFile.forStore(path.join(dir, 'client'), storeRoot),
    actor: 'bench',
  });
}

function writeRandomFile(file, bytes) {
  const fd = fs.openSync(file, 'w');
  try {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    for (let left = bytes; left > 0; left -= chunk.length) {
      crypto.randomFillSync(chunk);
      fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    }
  } finally {
    fs.closeSync(fd);
  }
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return total;
}

/** Median ms to create, write, fsync and rename one small file (what the store does 4 times per artifact). */
function durableWriteMs(dir, count) {
  fs.mkdirSync(dir);
  const data = Buffer.alloc(700, 'x');
  const ms = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    const tmp = path.join(dir, `${i}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o644);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path.join(dir, `${i}.json`));
    ms.push(secondsSince(t0) * 1000);
  }
  return median(ms);
}

/** 1. verifyForUse of one big snapshot blob against sha256sum (and digestFile) of the same file. */
async function benchVerify(tmp, keys) {
  const dir = path.join(tmp, 'big');
  fs.mkdirSync(dir);
  const source = path.join(dir, 'bench-snapshot.bin');
  const bytes = BIG_MIB * 1024 * 1024;
  writeRandomFile(source, bytes);
  const store = openStore(dir, keys);
  const describe = async () => ({ kind: 'snapshot', name: 'bench-snapshot', version: '1', sbom: null });
  let imported;
  const importSecs = await timed(async () => {
    [imported] = await store.import(
      [{ file: source }],
      { signing: keys.signing.privateKey, index: keys.index.privateKey },
      describe,
    );
  });
  fs.rmSync(source);
  const blob = store.paths.blob(imported.entry.hashes.sha256);
  log(`imported ${BIG_MIB} MiB snapshot in ${importSecs.toFixed(3)} s as ${imported.ref}`);

  const verify = await repeat('verifyForUse', RUNS, async () => {
    const usable = await store.verifyForUse(imported.ref);
    if (usable.file !== blob) throw new Error(`verifyForUse returned ${usable.file}, expected ${blob}`);
  });
  const sha256sum = await repeat('sha256sum', RUNS, async () => {
    const r = spawnSync('sha256sum', [blob], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sha256sum exited ${r.status}: ${r.stderr}`);
    if (!r.stdout.startsWith(imported.entry.hashes.sha256))
      throw new Error(`sha256sum disagrees: ${r.stdout}`);
  });
  const digest = await repeat('digestFile', RUNS, async () => {
    const d = await digestFile(blob);
    if (d.sha256 !== imported.entry.hashes.sha256) throw new Error('digestFile disagrees');
  });
  return { bytes, importSecs, verify, sha256sum, digest };
}

/** 2. ECDSA P-256 verifications per second over 1 KiB messages (one key, one signature). */
function benchSignatures(keys) {
  const data = crypto.randomBytes(1024);
  const signature = signBytes(data, keys.signing.privateKey);
  const pub = keys.signing.publicKey;
  for (let i = 0; i < 200; i++) verifyBytesSignature(data, pub, signature);
  let count = 0;
  const t0 = process.hrtime.bigint();
  let secs = 0;
  while (secs < SIG_SECONDS) {
    for (let i = 0; i < 100; i++) verifyBytesSignature(data, pub, signature);
    count += 100;
    secs = secondsSince(t0);
  }
  const perS = count / secs;
  log(`signature verify: ${count} in ${secs.toFixed(3)} s = ${Math.round(perS)}/s`);
  return { count, secs, perS };
}

/** 3. Import of a mirror folder of wheels and npm tarballs, end to end, with the real describe. */
async function benchImport(tmp, keys) {
  const dir = path.join(tmp, 'import');
  const mirror = path.join(dir, 'mirror');
  let files;
  const genSecs = await timed(() => {
    files = generateMirror(mirror, { wheels: WHEELS, tarballs: TARBALLS });
  });
  const sizes = files.map((f) => fs.statSync(f).size);
  const mirrorBytes = sizes.reduce((a, b) => a + b, 0);
  log(
    `generated ${files.length} artifacts (${WHEELS} wheels, ${TARBALLS} npm tarballs, ${(mirrorBytes / 1048576).toFixed(1)} MiB) in ${genSecs.toFixed(2)} s`,
  );
  // One of each kind must pass the real inspector before anything is timed.
  for (const f of [files[0], files[WHEELS]].filter(Boolean)) {
    const info = await inspectPackage(f);
    log(`checked ${path.basename(f)}: ${info.kind} ${info.name} ${info.version}, ${info.files.length} files`);
  }

  const store = openStore(dir, keys);
  const real = describeArtifact();
  let describeSecs = 0;
  const describe = async (file, blob) => {
    const t0 = process.hrtime.bigint();
    try {
      return await real(file, blob);
    } finally {
      describeSecs += secondsSince(t0);
    }
  };
  let results;
  const cpu0 = process.cpuUsage();
  const step = Math.max(1, Math.floor(files.length / 5));
  const importSecs = await timed(async () => {
    results = await store.import(
      files.map((file) => ({ file })),
      { signing: keys.signing.privateKey, index: keys.index.privateKey },
      describe,
      (done, total) => {
        if (done % step === 0 || done === total) log(`import: ${done}/${total}`);
      },
    );
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const imported = results.filter((r) => r.outcome === 'imported').length;
  if (imported !== files.length) throw new Error(`imported ${imported} of ${files.length}`);
  const indexBytes = fs.statSync(store.paths.index).size;
  const storeBytes = dirBytes(store.paths.root);
  log(
    `import: ${files.length} artifacts in ${importSecs.toFixed(3)} s (${((importSecs / files.length) * 1000).toFixed(2)} ms each; describe ${describeSecs.toFixed(3)} s, CPU ${cpuSecs.toFixed(3)} s)`,
  );
  // Readers see all of them through the signed index.
  const listed = store.list().length;
  if (listed !== files.length) throw new Error(`the index lists ${listed} of ${files.length}`);
  const fsyncMs = durableWriteMs(path.join(dir, 'fsync-probe'), 200);
  log(`durable small-file write (write + fsync + rename): ${fsyncMs.toFixed(3)} ms each`);
  return {
    files,
    sizes,
    mirrorBytes,
    genSecs,
    importSecs,
    cpuSecs,
    describeSecs,
    indexBytes,
    storeBytes,
    fsyncMs,
  };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-artifacts-'));
  // Other work on this machine shows up in the figures (fsync latency above all): the load is recorded.
  const loadBefore = os.loadavg()[0];
  try {
    log(
      `bench:artifacts on node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${tmp}`,
    );
    const keys = { signing: p256(), index: p256() };
    const big = await benchVerify(tmp, keys);
    const sig = benchSignatures(keys);
    const imp = await benchImport(tmp, keys);

    const verifyS = median(big.verify);
    const sha256sumS = median(big.sha256sum);
    const digestS = median(big.digest);
    const sorted = [...imp.sizes].sort((a, b) => a - b);
    log(
      `verify ${verifyS.toFixed(3)} s vs sha256sum ${sha256sumS.toFixed(3)} s = ${(verifyS / sha256sumS).toFixed(3)} (target <= 1.3)`,
    );
    const result = {
      verify_100mb_s: round(verifyS),
      sha256sum_100mb_s: round(sha256sumS),
      verify_vs_sha256sum_ratio: round(verifyS / sha256sumS, 3),
      digest_100mb_s: round(digestS),
      verify_mib_per_s: Math.round(BIG_MIB / verifyS),
      sha256sum_mib_per_s: Math.round(BIG_MIB / sha256sumS),
      digest_mib_per_s: Math.round(BIG_MIB / digestS),
      verify_runs_s: big.verify.map((x) => round(x)),
      sha256sum_runs_s: big.sha256sum.map((x) => round(x)),
      digest_runs_s: big.digest.map((x) => round(x)),
      import_100mb_s: round(big.importSecs),
      big_blob_bytes: big.bytes,
      sig_verify_per_s: Math.round(sig.perS),
      sig_verify_count: sig.count,
      sig_message_bytes: 1024,
      import_500_s: round(imp.importSecs, 3),
      import_per_artifact_ms: round((imp.importSecs / imp.files.length) * 1000, 3),
      import_cpu_s: round(imp.cpuSecs, 3),
      import_describe_s: round(imp.describeSecs, 3),
      import_describe_share: round(imp.describeSecs / imp.importSecs, 3),
      import_artifacts: imp.files.length,
      import_wheels: WHEELS,
      import_npm_tarballs: TARBALLS,
      import_mirror_bytes: imp.mirrorBytes,
      import_artifact_bytes: { min: sorted[0], median: median(sorted), max: sorted[sorted.length - 1] },
      import_store_bytes: imp.storeBytes,
      import_index_bytes: imp.indexBytes,
      durable_small_write_ms: round(imp.fsyncMs, 3),
      generate_s: round(imp.genSecs, 2),
      runs: RUNS,
      targets: { verify_vs_sha256sum_ratio: 1.3 },
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        node: process.version,
        loadavg_1m: { start: round(loadBefore, 2), end: round(os.loadavg()[0], 2) },
        openssl: process.versions.openssl,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        sha256sum: spawnSync('sha256sum', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
        tmp_fs: spawnSync('df', ['--output=fstype', tmp], { encoding: 'utf8' }).stdout.split('\n')[1]?.trim(),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:artifacts failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
