import os from 'node:os';
import type { ShardProbeV1 } from '../schemas/types.generated';
import type { Inventory } from './api';

/** The shard.probe.v1 a runner registers at start, from its Runner API inventory. */
export function probeFromInventory(hostId: string, inv: Inventory, now = new Date()): ShardProbeV1 {
  const python: Record<string, string> = {};
  for (const s of inv.services)
    for (const [k, v] of Object.entries(s.packages ?? {})) python[k.replace(/^pypi:/, '')] = v;
  return {
    host_id: hostId,
    probed_at: now.toISOString(),
    os: {
      name: inv.os,
      release: inv.osVersion.slice(0, 128),
      kernel: inv.kernel.slice(0, 256),
      arch: os.arch(),
    },
    python: { version: inv.python ?? null, ...(Object.keys(python).length ? { packages: python } : {}) },
    node: { version: inv.node ?? process.version },
    gpu: inv.gpuDriver ? [{ vendor: 'nvidia', model: 'unknown', driver: inv.gpuDriver }] : [],
    disk: inv.disk.map((d) => ({ mount: d.path, total_bytes: d.totalBytes, free_bytes: d.freeBytes })),
  };
}
