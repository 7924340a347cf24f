import { createHash } from 'node:crypto';
import os from 'node:os';

import type { Inventory } from '../../api';
import { diskInfo, gpuDriverVersion, osVersion, pythonVersion } from './host-info';
import { isHaleError } from '../../../lib/errors';
import { nodeReleasePackages } from './node-release';
import type { EnvironmentPackages } from './venv';
import { venvPackages } from './venv';

export interface InventoryOptions {
  /** Each managed service with its Python venv and/or Node release directory. */
  services: { name: string; venv?: string; release?: string }[];
  /** Paths whose filesystems are reported under `disk`. */
  diskPaths: string[];
}

type ServiceEntry = Inventory['services'][number];

/**
 * One service's environment; with both a venv and a release, package names carry `pypi:` / `npm:`.
 * When a configured venv or release is missing, packages and checksum are absent.
 */
async function serviceEnvironment(s: InventoryOptions['services'][number]): Promise<ServiceEntry> {
  const kinds = [...(s.venv ? ['python-venv'] : []), ...(s.release ? ['node-release'] : [])];
  const parts: [string, string, EnvironmentPackages][] = [];
  try {
    if (s.venv) parts.push(['python-venv', 'pypi:', await venvPackages(s.venv)]);
    if (s.release) parts.push(['node-release', 'npm:', await nodeReleasePackages(s.release)]);
  } catch (err) {
    // A configured environment that does not exist: packages and checksum cannot be told (absent).
    if (isHaleError(err) && err.code === 'INVENTORY_ENV_MISSING')
      return { name: s.name, environment: kinds.join('+') };
    throw err;
  }
  const [only] = parts;
  if (!only) return { name: s.name };
  if (parts.length === 1) return { name: s.name, environment: only[0], ...only[2] };
  const packages: Record<string, string> = {};
  for (const [, prefix, env] of parts) {
    for (const [k, v] of Object.entries(env.packages)) packages[`${prefix}${k}`] = v;
  }
  const checksum = createHash('sha256')
    .update(parts.map((p) => p[2].checksum).join('\n'))
    .digest('hex');
  return { name: s.name, environment: parts.map((p) => p[0]).join('+'), packages, checksum };
}

/**
 * The host's inventory: OS (PRETTY_NAME), kernel, hostname, python3 and Node versions, GPU driver
 * (when nvidia-smi exists), disks, and each service's packages and environment checksum.
 */
export async function collectInventory(opts: InventoryOptions): Promise<Inventory> {
  const [version, python, gpuDriver, disk, services] = await Promise.all([
    osVersion(),
    pythonVersion(),
    gpuDriverVersion(),
    diskInfo(opts.diskPaths),
    Promise.all(opts.services.map(serviceEnvironment)),
  ]);
  const inv: Inventory = {
    os: 'linux',
    osVersion: version,
    kernel: os.release(),
    hostname: os.hostname(),
    node: process.version.replace(/^v/, ''),
    disk,
    services,
  };
  if (python !== undefined) inv.python = python;
  if (gpuDriver !== undefined) inv.gpuDriver = gpuDriver;
  return inv;
}
