import fs from 'node:fs';
import path from 'node:path';

export interface LvmVolume {
  vg: string;
  lv: string;
}

/** What the kernel says about a device-mapper device (`/sys/block/dm-N/dm/{name,uuid}`). */
export interface DmInfo {
  name: string;
  /** `LVM-<vg uuid><lv uuid>` for LVM volumes, `CRYPT-…` for dm-crypt, `mpath-…` for multipath. */
  uuid: string;
}

/** Looks a block device up in device-mapper; undefined when it is not a dm device (or not on this host). */
export type DmLookup = (device: string) => DmInfo | undefined;

/** The default lookup: resolve the device node to `dm-N`, read its name and uuid from sysfs. */
export function sysfsDmLookup(sysRoot = '/'): DmLookup {
  return (device) => {
    let node: string;
    try {
      node = path.basename(fs.realpathSync(device));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (!/^dm-\d+$/.test(node)) return undefined;
    const dir = path.join(sysRoot, 'sys', 'block', node, 'dm');
    try {
      return {
        name: fs.readFileSync(path.join(dir, 'name'), 'utf8').trim(),
        uuid: fs.readFileSync(path.join(dir, 'uuid'), 'utf8').trim(),
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}

const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;

/** Index of the first `-` that is not half of an escaped `--`, or -1. */
function firstSingleDash(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '-') continue;
    if (s[i + 1] === '-') {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * LVM names its dm devices `<vg>-<lv>` with every `-` inside a name doubled:
 * `data--vg-srv--data` is LV `srv-data` of VG `data-vg`. A further single `-` marks an internal
 * layer (`vg-lv-real`, `vg-lv-cow`): not a volume to snapshot, so undefined.
 */
export function decodeLvmDmName(name: string): LvmVolume | undefined {
  const at = firstSingleDash(name);
  if (at <= 0 || at === name.length - 1) return undefined;
  const rest = name.slice(at + 1);
  if (firstSingleDash(rest) >= 0) return undefined;
  const vg = name.slice(0, at).replace(/--/g, '-');
  const lv = rest.replace(/--/g, '-');
  return LVM_NAME.test(vg) && LVM_NAME.test(lv) ? { vg, lv } : undefined;
}

/** /dev directories that are not volume groups. */
const NOT_VG = new Set([
  'disk',
  'mapper',
  'md',
  'block',
  'char',
  'bus',
  'input',
  'net',
  'pts',
  'shm',
  'snd',
  'dri',
  'cpu',
  'zvol',
  'fd',
  'hugepages',
  'mqueue',
  'vfio',
]);

export interface LvmMatch {
  volume: LvmVolume | undefined;
  /** How the answer was reached, for the ledger. */
  reason: string;
}

/**
 * Whether a mount source is an LVM logical volume: `/dev/mapper/<vg>-<lv>`, `/dev/<vg>/<lv>` or
 * `/dev/dm-N`. With a dm lookup the kernel's uuid decides (`LVM-…`); without one (the device is not
 * on this host) the name alone does, and the reason says so.
 */
export function lvmVolumeOf(device: string, lookup?: DmLookup): LvmMatch {
  const mapper = /^\/dev\/mapper\/([^/]+)$/.exec(device)?.[1];
  const vgPath = /^\/dev\/([^/]+)\/([^/]+)$/.exec(device);
  const byName: LvmVolume | undefined = mapper
    ? decodeLvmDmName(mapper)
    : vgPath?.[1] &&
        vgPath[2] &&
        !NOT_VG.has(vgPath[1]) &&
        LVM_NAME.test(vgPath[1]) &&
        LVM_NAME.test(vgPath[2])
      ? { vg: vgPath[1], lv: vgPath[2] }
      : undefined;
  const dm = lookup?.(device);
  if (dm) {
    if (!dm.uuid.startsWith('LVM-')) {
      return {
        volume: undefined,
        reason: `${device} is device-mapper ${dm.uuid.split('-')[0] || 'without uuid'}, not LVM`,
      };
    }
    const volume = decodeLvmDmName(dm.name);
    return volume
      ? { volume, reason: `${device} is LVM volume ${volume.vg}/${volume.lv} (dm ${dm.name})` }
      : { volume: undefined, reason: `${device} is an internal LVM layer (dm ${dm.name})` };
  }
  if (/^\/dev\/dm-\d+$/.test(device))
    return { volume: undefined, reason: `${device}: device-mapper name unknown` };
  if (!byName) return { volume: undefined, reason: `${device} is not an LVM volume` };
  return {
    volume: byName,
    reason: `${device} is named like LVM volume ${byName.vg}/${byName.lv} (not confirmed through /sys)`,
  };
}
