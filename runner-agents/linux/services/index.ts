/**
 * Service drivers: ProcessDriver supervises a detached process (hosts where systemd is not PID 1),
 * SystemdDriver runs systemctl through a CommandExecutor (hosts where it is; see systemdRunning).
 * Both satisfy ServiceDriver.
 */
export type { ServiceDriver, ServiceDriverStatus, ServiceRunState } from './driver';
export {
  ProcessDriver,
  ServiceDriverError,
  type ProcessServiceSpec,
  type ServiceDriverCode,
  type ServiceState,
  type ServiceStatus,
} from './process-driver';
export {
  CommandRecorder,
  systemClock,
  systemdRunning,
  type RecordedCommand,
  type SystemdClock,
} from './systemd-host';
export {
  SystemdDriver,
  type SystemdServiceSpec,
  type SystemdServiceState,
  type SystemdServiceStatus,
} from './systemd-driver';
export type { AppliedDropIn } from './systemd-drop-ins';
export { SystemdError, type SystemdErrorCode } from './systemd-errors';
export {
  classifyFailure,
  parseWarnings,
  systemctlPlans,
  DROPIN_PROPERTIES,
  SHOW_PROPERTIES,
  type SystemctlFailure,
  type SystemctlFailureReason,
} from './systemctl';
export {
  isRunning,
  parseDropIns,
  parseIsActive,
  parseShow,
  startVerdict,
  type StartVerdict,
  type SystemdUnitState,
} from './systemctl-parse';
export {
  dropInSystemPath,
  readUnitDropInSnapshot,
  renderUnitDropIn,
  type DropInSections,
  type UnitDropInSnapshot,
} from './unit-drop-in';
export { checkServiceUnit, unitNameViolation, UNIT_TYPES, type UnitNameRule } from './unit-name';
