import { SysctlError } from './errors';

const KEY = /^[a-z0-9_.]+$/;
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** One line of printable characters sysctl.conf accepts in a value (tabs/spaces for vectors like tcp_rmem). */
const VALUE = /^[A-Za-z0-9 \t_.,:/+-]{1,4096}$/;

/** `net.ipv4.ip_forward`: lowercase segments joined by single dots (no empty segment, no `..`). */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('.').some((s) => s === '')) {
    throw new SysctlError('SYSCTL_KEY_INVALID', `invalid sysctl key ${JSON.stringify(key)}`);
  }
  return key;
}

export function checkValue(key: string, value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new SysctlError('SYSCTL_VALUE_INVALID', `${key}: ${value} is not an integer`);
    }
    return String(value);
  }
  const v = value.trim();
  if (!VALUE.test(v))
    throw new SysctlError('SYSCTL_VALUE_INVALID', `${key}: invalid value ${JSON.stringify(value)}`);
  return v;
}

/** A drop-in's name: no `/`, no `..`, lowercase letters, digits, `_` and `-`. */
export function checkName(name: string): string {
  if (name.includes('/') || name.includes('..') || !NAME.test(name)) {
    throw new SysctlError('SYSCTL_NAME_INVALID', `invalid drop-in name ${JSON.stringify(name)}`);
  }
  return name;
}

export function checkPriority(priority: number): string {
  if (!Number.isInteger(priority) || priority < 10 || priority > 99) {
    throw new SysctlError('SYSCTL_NAME_INVALID', `priority ${priority} is not in 10..99`);
  }
  return String(priority);
}
