import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { HaleConfig } from '../../lib/config';
import { CONTROL_ACTOR, keyIdOf, keysDir } from '../../lib/ledger';
import {
  loadRbacPolicy,
  ReplayGuard,
  RunnerAuthError,
  type RbacPolicy,
  type TrustedControlKey,
} from '../auth';
import { routerPaths } from './blue-green/router-paths';
import type { BlueGreenServiceConfig } from './blue-green/runner-deploy';
import { LinuxRunner, type LinuxServiceConfig } from './linux-runner';

/** Without a policy file a runner observes only: it changes nothing. */
export const OBSERVE_ONLY: RbacPolicy = {
  version: 1,
  allow: [{ permission: 'metrics' }, { permission: 'inventory' }],
};

function spkiBase64(pem: string, source: string): string {
  try {
    const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return key.export({ type: 'spki', format: 'der' }).toString('base64');
  } catch (err) {
    throw new RunnerAuthError(
      'ACTION_KEY_UNKNOWN',
      `${source}: not an Ed25519 control key (${(err as Error).message})`,
    );
  }
}

/** The control keys this runner trusts: the configured public keys, else the local control key. */
export function trustedControlKeys(config: HaleConfig): TrustedControlKey[] {
  const files = config.runner.controlKeys.length
    ? config.runner.controlKeys
    : [path.join(keysDir(config.dataDir), `${CONTROL_ACTOR}.key`)].filter((f) => fs.existsSync(f));
  return files.map((file) => {
    const publicKey = spkiBase64(fs.readFileSync(file, 'utf8'), file);
    return { keyId: keyIdOf(publicKey), publicKey };
  });
}

/** `services[].blue_green` as the runner deploys it: behind the router at <data_dir>/runner/routers/<service>.sock. */
function blueGreenOf(dataDir: string, s: HaleConfig['services'][number]): BlueGreenServiceConfig | undefined {
  const bg = s.blueGreen;
  if (!bg) return undefined;
  return {
    routerSocket: routerPaths(dataDir, s.name).socket,
    slots: { ...bg.slots },
    healthPath: bg.healthPath,
    shadow: {
      sample: bg.shadow.sample,
      methods: [...bg.shadow.methods],
      paths: [...bg.shadow.paths],
      ignore_fields: [...bg.shadow.ignoreFields],
    },
    ...(bg.tests ? { tests: { ...bg.tests, command: [...bg.tests.command] } } : {}),
  };
}

/**
 * A configured service as the Linux runner manages it: a Python service's environments (venvs/,
 * venv_current) and a Node service's releases (releases/, current) live under its install_path;
 * `{venv}` / `{release}` in the start command name the one current at start; a `blue_green` service
 * is deployed behind its traffic router.
 */
const serviceOf =
  (dataDir: string) =>
  (s: HaleConfig['services'][number]): LinuxServiceConfig => {
    const runnerDir = path.join(dataDir, 'runner');
    const blueGreen = blueGreenOf(dataDir, s);
    const command = Array.isArray(s.startCommand) ? s.startCommand : ['/bin/sh', '-c', s.startCommand];
    const uses = (token: string) => command.some((a) => a.includes(token));
    return {
      name: s.name,
      process: {
        name: s.name,
        command,
        cwd: s.installPath,
        stateDir: path.join(runnerDir, 'services'),
        ...(s.healthUrl ? { healthUrl: s.healthUrl } : {}),
        ...(s.kind === 'python' && uses('{venv}') ? { venvRoot: s.installPath } : {}),
        ...(s.kind === 'node' && uses('{release}') ? { releaseRoot: s.installPath } : {}),
      },
      ...(s.kind === 'python'
        ? { python: { envRoot: s.installPath, audit: s.audit } }
        : { node: { appRoot: s.installPath, audit: s.audit } }),
      ...(blueGreen ? { blueGreen } : {}),
    };
  };

/** The services configured for this host, as the Linux runner manages them. */
export function siteServices(config: HaleConfig): LinuxServiceConfig[] {
  return config.services.filter((s) => s.host === config.hostId).map(serviceOf(config.dataDir));
}

/**
 * The runner-action dependencies of this host from the site configuration: a LinuxRunner over the
 * services configured for this host (supervised-process driver), the RBAC policy (observe-only by
 * default), the trusted control keys and the replay guard under <data_dir>/runner.
 */
export function siteRunnerActions(config: HaleConfig, store?: ArtifactStore) {
  const runnerDir = path.join(config.dataDir, 'runner');
  const workDir = path.join(runnerDir, 'work');
  fs.mkdirSync(workDir, { recursive: true });
  return {
    runner: new LinuxRunner({
      services: siteServices(config),
      ...(store ? { store } : {}),
      workDir,
      diskPaths: [config.dataDir],
    }),
    keys: trustedControlKeys(config),
    rbac: config.runner.rbacPolicy ? loadRbacPolicy(config.runner.rbacPolicy) : OBSERVE_ONLY,
    replay: new ReplayGuard(path.join(runnerDir, 'seen-actions.jsonl')),
    workDir,
  };
}
