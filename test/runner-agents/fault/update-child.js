// A runner process for the fault tests: runs one Python update of demo-api with the compiled code and
// stops dead at the named step (prints "PAUSED <step>" and waits), so the test can SIGKILL it there.
// argv: <setup.json> <version> <pause step | none>
const fs = require('node:fs');
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
const { ArtifactStore } = require(path.join(dist, 'lib/artifacts/store/store'));
const { singleKeyPolicy } = require(path.join(dist, 'lib/artifacts/trust/policy'));
const { SeenIndexFile } = require(path.join(dist, 'lib/artifacts/trust/seen-index'));
const { publicKeyFromPem } = require(path.join(dist, 'lib/artifacts/trust/keys'));
const { updatePythonEnvironment } = require(path.join(dist, 'runner-agents/linux/python-update'));
const { ProcessDriver } = require(path.join(dist, 'runner-agents/linux/services/process-driver'));

async function main() {
  const [setupFile, version, pauseAt] = process.argv.slice(2);
  const setup = JSON.parse(fs.readFileSync(setupFile, 'utf8'));
  const store = new ArtifactStore({
    root: setup.storeRoot,
    policy: singleKeyPolicy(
      publicKeyFromPem(setup.indexPub, 'index'),
      publicKeyFromPem(setup.signingPub, 'signing'),
      'fault test',
    ),
    seen: SeenIndexFile.forStore(setup.clientDir, setup.storeRoot),
    actor: 'fault-test',
  });
  const result = await updatePythonEnvironment({
    envRoot: setup.envRoot,
    lockfile: setup.locks[version],
    store,
    driver: new ProcessDriver(setup.service),
    audit: ['demo_lib'],
    stagingDir: setup.staging,
    onStep: async (step) => {
      if (step !== pauseAt) return;
      process.stdout.write(`PAUSED ${step}\n`);
      await new Promise(() => undefined);
    },
  });
  process.stdout.write(`RESULT ${JSON.stringify({ status: result.status, current: result.current })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exitCode = 1;
});
