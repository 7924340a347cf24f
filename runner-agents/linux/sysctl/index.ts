export { SysctlError, type SysctlCode } from './errors';
export {
  dropInPath,
  readSysctlSnapshot,
  renderDropIn,
  restoreSysctlDropIn,
  writeSysctlDropIn,
  type SysctlDropIn,
  type SysctlSnapshot,
  type WrittenDropIn,
} from './drop-in';
export {
  applySysctl,
  desiredSettings,
  readSysctl,
  SYSCTL_APPLY_COMMAND,
  type SysctlApplyResult,
  type SysctlRunner,
} from './apply';
export { applySysctlChange, rollbackSysctlChange, type SysctlChangeResult } from './change';
