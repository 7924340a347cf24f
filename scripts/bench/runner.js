// npm run bench:runner — Linux runner speed (issue 5): the offline Python dependency update of a running
// service (updatePythonEnvironment: resolve the hash-pinned lock against the signed store, verify, stage,
// build the new venv in bubblewrap with pip --no-index + import audit, atomic flip, restart, healthy)
// against a plain `venv --without-pip` + `pip install --no-index` into a fresh venv; rollback + restart +
// healthy with a small and a large environment; and the bubblewrap overhead of one command. The demo-api
// service (infra/examples/demo-api/app.py) really runs under the ProcessDriver. Everything happens in a
// temp dir removed at the end. The last line printed is one JSON object.
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const { freePort } = require(path.join(dist, 'lib/net'));
const { ArtifactStore } = require(path.join(dist, 'lib/artifacts/store/store'));
const { describeArtifact } = require(path.join(dist, 'lib/artifacts/describe'));
const { singleKeyPolicy } = require(path.join(dist, 'lib/artifacts/trust/policy'));
const { SeenIndexFile } = require(path.join(dist, 'lib/artifacts/trust/seen-index'));
const { updatePythonEnvironment } = require(path.join(dist, 'runner-agents/linux/python-update'));
const { buildEnvironment, installedPackages, markRestarted, pythonEnvPaths, rollback } = require(
  path.join(dist, 'runner-agents/linux/python-env'),
);
const { resolvePython } = require(path.join(dist, 'runner-agents/linux/python-env/environment'));
const { exec } = require(path.join(dist, 'runner-agents/linux/exec'));
const { ProcessDriver } = require(path.join(dist, 'runner-agents/linux/services/process-driver'));
const { runSandboxed } = require(path.join(dist, 'runner-agents/linux/sandbox'));
const { generateWheels, lockText } = require('./runner-gen');

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const ROLLBACK_RUNS = Number(process.env.BENCH_ROLLBACK_RUNS ?? 20);
const SPAWN_RUNS = Number(process.env.BENCH_SPAWN_RUNS ?? 50);
const PROFILE_RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 5);
const SMALL_DEPS = Number(process.env.BENCH_SMALL_DEPS ?? 20);
const LARGE_DEPS = Number(process.env.BENCH_LARGE_DEPS ?? 200);
const DEMO_APP = path.join(root, 'infra', 'examples', 'demo-api', 'app.py');
const VERSIONS = ['1.0.0', '1.0.1'];
const log = (line) => process.stderr.write(`${line}\n`);
const p256 = () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const secondsSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
// Same rule as bench:ledger; with 20 samples p95 is the slowest run.
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const round = (x, digits = 4) => Number(x.toFixed(digits));
const medians = (rows) =>
  Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, round(median(rows.map((r) => r[k])), 1)]));

function dirStats(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      files += 1;
      bytes += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    }
  }
  return { files, bytes };
}

/** Spawns argv without a shell and waits for it to close (what runSandboxed does, minus bwrap). */
function spawnWait(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${argv[0]} exited ${code}`))));
  });
}

/** The demo-api service on its own Python environment root, under the supervised-process driver. */
async function demoService(tmp, name) {
  const port = await freePort();
  const envRoot = path.join(tmp, name);
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const driver = new ProcessDriver({
    name,
    command: ['{venv}/bin/python', DEMO_APP],
    cwd: tmp,
    env: { PORT: String(port) },
    stateDir: path.join(tmp, 'run'),
    venvRoot: envRoot,
    healthUrl,
    healthTimeoutMs: 30000,
  });
  const served = async () => (await (await fetch(healthUrl)).json()).demo_lib;
  return {
    name,
    envRoot,
    paths: pythonEnvPaths(envRoot),
    driver,
    healthUrl,
    served,
    staging: path.join(tmp, `${name}-staging`),
  };
}

async function update(svc, store, lock) {
  const t0 = process.hrtime.bigint();
  const r = await updatePythonEnvironment({
    envRoot: svc.envRoot,
    lockfile: lock.file,
    store,
    driver: svc.driver,
    audit: lock.audit,
    stagingDir: svc.staging,
  });
  const secs = secondsSince(t0);
  if (r.status !== 'applied')
    throw new Error(`update to ${lock.file}: ${r.status} ${JSON.stringify(r.error)}`);
  const served = await svc.served();
  if (served !== lock.demo)
    throw new Error(`after the update demo-api serves demo_lib ${served}, not ${lock.demo}`);
  return { secs, timings: r.timingsMs, current: r.current };
}

/** The baseline: venv --without-pip + pip install --no-index (same pip flags as the runner), no sandbox. */
async function baseline(python, dir, staging, lockfile) {
  const pipArgs = [
    '--no-index',
    '--find-links',
    staging,
    '--require-hashes',
    '--no-cache-dir',
    '--disable-pip-version-check',
    '--no-input',
    '--isolated',
    '-r',
    lockfile,
  ];
  const t0 = process.hrtime.bigint();
  const venv = await exec([python, '-m', 'venv', '--without-pip', dir]);
  if (venv.exitCode !== 0) throw new Error(`baseline venv: ${venv.stderr}`);
  const venvSecs = secondsSince(t0);
  const install = await exec([
    python,
    '-m',
    'pip',
    '--python',
    path.join(dir, 'bin', 'python'),
    'install',
    ...pipArgs,
  ]);
  if (install.exitCode !== 0) throw new Error(`baseline pip install: ${install.stderr}`);
  const secs = secondsSince(t0);
  fs.rmSync(dir, { recursive: true, force: true });
  return { secs, venvMs: venvSecs * 1000, installMs: (secs - venvSecs) * 1000 };
}

/** rollback(paths) + restart + healthy, alternating between the last two environments. */
async function rollbackRuns(svc, runs) {
  const one = async () => {
    const t0 = process.hrtime.bigint();
    const back = rollback(svc.paths);
    const t1 = process.hrtime.bigint();
    await svc.driver.stop();
    const t2 = process.hrtime.bigint();
    await svc.driver.start(); // waits until /health answers 2xx
    markRestarted(svc.paths);
    const secs = secondsSince(t0);
    const steps = {
      rollback: Number(t1 - t0) / 1e6,
      stop: Number(t2 - t1) / 1e6,
      start_healthy: Number(process.hrtime.bigint() - t2) / 1e6,
    };
    const prefix = (await (await fetch(svc.healthUrl)).json()).prefix;
    if (path.basename(fs.realpathSync(prefix)) !== back.venv)
      throw new Error(`after rollback demo-api runs on ${prefix}, not ${back.venv}`);
    return { secs, steps };
  };
  await one();
  const out = [];
  for (let i = 0; i < runs; i++) {
    out.push(await one());
    log(`${svc.name} rollback run ${i + 1}: ${out[i].secs.toFixed(3)} s`);
  }
  return out;
}

/** venv / install / audit split of buildEnvironment, in bubblewrap and directly (not part of the figures). */
async function profileBuild(tmp, lock, staging) {
  const paths = pythonEnvPaths(path.join(tmp, 'profile'));
  const rows = { sandboxed: [], direct: [] };
  for (let i = 0; i <= PROFILE_RUNS; i++) {
    for (const mode of ['sandboxed', 'direct']) {
      const commands = [];
      const run =
        mode === 'sandboxed'
          ? async (argv, writable, readable) => {
              const r = await runSandboxed(argv, { writable, readable, timeoutMs: 15 * 60 * 1000 });
              commands.push(r.durationMs);
              return { ...r, exitCode: r.exitCode, signal: r.signal };
            }
          : undefined;
      const t0 = process.hrtime.bigint();
      const built = await buildEnvironment(paths, {
        lockfile: lock.file,
        findLinks: staging,
        audit: lock.audit,
        ...(run ? { run } : {}),
      });
      const total = secondsSince(t0) * 1000;
      fs.rmSync(built.dir, { recursive: true, force: true });
      if (i > 0) {
        rows[mode].push({ ...built.timingsMs, total });
        log(
          `profile build (${mode}) run ${i}: venv ${built.timingsMs.venv} ms, install ${built.timingsMs.install} ms, audit ${built.timingsMs.audit} ms`,
        );
      }
    }
  }
  return { sandboxed: medians(rows.sandboxed), direct: medians(rows.direct) };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-runner-'));
  const loadBefore = os.loadavg()[0];
  const services = [];
  try {
    const python = await resolvePython();
    log(`bench:runner on node ${process.version}, ${os.cpus().length} cores, ${python}, ${tmp}`);

    // Store: demo_lib 1.0.0/1.0.1 + LARGE_DEPS dependency wheels, signed and imported with the real describe.
    const mirror = path.join(tmp, 'mirror');
    const deps = Math.max(SMALL_DEPS, LARGE_DEPS);
    let t0 = process.hrtime.bigint();
    const wheels = generateWheels(mirror, { deps, demoVersions: VERSIONS });
    const wheelBytes = sorted([...wheels.demo, ...wheels.deps].map((w) => fs.statSync(w.file).size));
    log(`generated ${wheels.demo.length + wheels.deps.length} wheels in ${secondsSince(t0).toFixed(2)} s`);
    const keys = { signing: p256(), index: p256() };
    const storeRoot = path.join(tmp, 'store');
    fs.mkdirSync(storeRoot);
    const store = new ArtifactStore({
      root: storeRoot,
      policy: singleKeyPolicy(keys.index.publicKey, keys.signing.publicKey, 'bench policy'),
      seen: SeenIndexFile.forStore(path.join(tmp, 'client'), storeRoot),
      actor: 'bench',
    });
    t0 = process.hrtime.bigint();
    await store.import(
      fs.readdirSync(mirror).map((f) => ({ file: path.join(mirror, f) })),
      { signing: keys.signing.privateKey, index: keys.index.privateKey },
      describeArtifact(),
    );
    log(`imported them into the store in ${secondsSince(t0).toFixed(2)} s`);

    const locks = {};
    for (const [size, n] of [
      ['small', SMALL_DEPS],
      ['large', LARGE_DEPS],
    ]) {
      for (const [i, v] of VERSIONS.entries()) {
        const pinned = [wheels.demo[i], ...wheels.deps.slice(0, n)];
        const file = path.join(tmp, `requirements-${size}-${v}.lock`);
        fs.writeFileSync(file, lockText(pinned));
        locks[`${size}-${v}`] = { file, demo: v, audit: pinned.map((w) => w.module), wheels: pinned.length };
      }
    }

    // 1 + 2. Updates of the running service, each followed by the baseline on the same staged wheels and lock.
    const small = await demoService(tmp, 'demo-api-small');
    services.push(small);
    await update(small, store, locks['small-1.0.0']); // first environment (the service starts on it)
    const updates = [];
    const baselines = [];
    const baseDir = path.join(tmp, 'baseline-venv');
    for (let i = -1; i < RUNS; i++) {
      const lock = locks[`small-${VERSIONS[(i + 2) % 2]}`];
      const u = await update(small, store, lock);
      const b = await baseline(python, baseDir, small.staging, lock.file);
      if (i < 0) continue; // warm-up
      updates.push(u);
      baselines.push(b);
      log(
        `run ${i + 1} (demo_lib ${lock.demo}): update ${u.secs.toFixed(3)} s ${JSON.stringify(u.timings)}, pip baseline ${b.secs.toFixed(3)} s`,
      );
    }
    const smallEnv = fs.realpathSync(small.paths.current);
    const smallSize = { ...dirStats(smallEnv), packages: Object.keys(installedPackages(smallEnv)).length };
    const pyUpdate = median(updates.map((u) => u.secs));
    const pipBase = median(baselines.map((b) => b.secs));
    log(
      `py_update ${pyUpdate.toFixed(3)} s vs pip baseline ${pipBase.toFixed(3)} s = ${(pyUpdate / pipBase).toFixed(3)}`,
    );

    const profile = await profileBuild(tmp, locks['small-1.0.1'], small.staging);

    // 3. Rollback + restart + healthy: small environment, then a large one (service on the small one stopped).
    const rbSmall = await rollbackRuns(small, ROLLBACK_RUNS);
    await small.driver.stop();
    const large = await demoService(tmp, 'demo-api-large');
    services.push(large);
    const largeUpdates = [];
    for (const v of VERSIONS) {
      const u = await update(large, store, locks[`large-${v}`]);
      largeUpdates.push(u);
      log(`large environment update (demo_lib ${v}): ${u.secs.toFixed(3)} s ${JSON.stringify(u.timings)}`);
    }
    const largeEnv = fs.realpathSync(large.paths.current);
    const largeSize = { ...dirStats(largeEnv), packages: Object.keys(installedPackages(largeEnv)).length };
    const rbLarge = await rollbackRuns(large, ROLLBACK_RUNS);
    await large.driver.stop();

    // 4. bubblewrap overhead: /bin/true in the sandbox vs spawned directly, interleaved.
    const scratch = path.join(tmp, 'sandbox-scratch');
    fs.mkdirSync(scratch);
    const direct = [];
    const sandboxed = [];
    for (let i = -1; i < SPAWN_RUNS; i++) {
      let t = process.hrtime.bigint();
      await spawnWait(['/bin/true']);
      const d = secondsSince(t) * 1000;
      t = process.hrtime.bigint();
      const r = await runSandboxed(['/bin/true'], { writable: [scratch] });
      const s = secondsSince(t) * 1000;
      if (r.exitCode !== 0) throw new Error(`sandboxed /bin/true exited ${r.exitCode}: ${r.stderr}`);
      if (i >= 0) {
        direct.push(d);
        sandboxed.push(s);
      }
    }
    const directMs = median(direct);
    const sandboxMs = median(sandboxed);
    log(`/bin/true: direct ${directMs.toFixed(2)} ms, in bubblewrap ${sandboxMs.toFixed(2)} ms`);

    const rbS = rbSmall.map((r) => r.secs);
    const rbL = rbLarge.map((r) => r.secs);
    const result = {
      py_update_s: round(pyUpdate),
      py_update_p95_s: round(
        pct(
          updates.map((u) => u.secs),
          95,
        ),
      ),
      pip_baseline_s: round(pipBase),
      pip_baseline_p95_s: round(
        pct(
          baselines.map((b) => b.secs),
          95,
        ),
      ),
      py_update_vs_pip_ratio: round(pyUpdate / pipBase, 3),
      py_update_includes:
        'updatePythonEnvironment(): parse lock + resolve against the signed store + verifyForUse + stage wheels, ' +
        'venv --without-pip and pip install in bubblewrap, import audit of every pinned module, marker + journal, ' +
        'atomic flip, stop + start of demo-api until /health answers 200',
      pip_baseline_includes:
        'python3 -m venv --without-pip <fresh dir> + python3 -m pip --python <venv>/bin/python install --no-index ' +
        '--find-links <the update run’s staged wheels dir> --require-hashes --no-cache-dir --disable-pip-version-check ' +
        '--no-input --isolated -r <the same lock>; no sandbox, no audit, no restart; run right after each update',
      py_update_steps_ms: medians(updates.map((u) => u.timings)),
      pip_baseline_steps_ms: medians(baselines.map((b) => ({ venv: b.venvMs, install: b.installMs }))),
      build_profile_ms: {
        ...profile,
        runs: PROFILE_RUNS,
        note: 'buildEnvironment() alone (same lock and staged wheels), median per step, in bubblewrap vs direct',
      },
      py_update_runs_s: updates.map((u) => round(u.secs, 3)),
      pip_baseline_runs_s: baselines.map((b) => round(b.secs, 3)),
      py_update_large_runs_s: largeUpdates.map((u) => round(u.secs, 3)),
      py_update_large_steps_ms: largeUpdates.map((u) => u.timings),
      rollback_p50_s: round(median(rbS)),
      rollback_p95_s: round(pct(rbS, 95)),
      rollback_small_p50_s: round(median(rbS)),
      rollback_small_p95_s: round(pct(rbS, 95)),
      rollback_large_p50_s: round(median(rbL)),
      rollback_large_p95_s: round(pct(rbL, 95)),
      rollback_includes:
        'rollback(paths) (one rename) + ProcessDriver stop + start until /health answers 200',
      rollback_small_steps_ms: medians(rbSmall.map((r) => r.steps)),
      rollback_large_steps_ms: medians(rbLarge.map((r) => r.steps)),
      sandbox_overhead_ms: round(sandboxMs - directMs, 3),
      sandbox_true_ms: round(sandboxMs, 3),
      direct_true_ms: round(directMs, 3),
      runs: {
        warmup: 1,
        py_update: RUNS,
        pip_baseline: RUNS,
        rollback_small: ROLLBACK_RUNS,
        rollback_large: ROLLBACK_RUNS,
        py_update_large: VERSIONS.length,
        spawn: SPAWN_RUNS,
      },
      environment: {
        small: { lock_wheels: locks['small-1.0.0'].wheels, ...smallSize },
        large: { lock_wheels: locks['large-1.0.0'].wheels, ...largeSize },
        wheel_bytes: {
          min: wheelBytes[0],
          median: median(wheelBytes),
          max: wheelBytes[wheelBytes.length - 1],
        },
      },
      targets: { py_update_vs_pip_ratio: 1.5, rollback_p95_s: 2 },
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        node: process.version,
        python: spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim(),
        pip: spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' }).stdout.split(' ')[1],
        bwrap: spawnSync('bwrap', ['--version'], { encoding: 'utf8' }).stdout.trim(),
        loadavg_1m: { start: round(loadBefore, 2), end: round(os.loadavg()[0], 2) },
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        tmp_fs: spawnSync('df', ['--output=fstype', tmp], { encoding: 'utf8' }).stdout.split('\n')[1]?.trim(),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const svc of services) await svc.driver.stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:runner failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
