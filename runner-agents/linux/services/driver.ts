/**
 * What the runner needs from a service driver, whichever supervises the service: the
 * supervised-process driver (hosts where systemd is not PID 1) or the systemd driver.
 */

/** The service's current run, as a driver reports it. */
export interface ServiceRunState {
  /** The main process. */
  pid: number;
  /** When the main process started (ISO 8601). */
  startedAt: string;
  /** The real environment directory the process started on (venv or Node release), when the driver knows it. */
  venv: string | null;
  /** Starts counted by the driver (process driver) or automatic restarts by systemd (`NRestarts`). */
  restarts: number;
}

export interface ServiceDriverStatus {
  running: boolean;
  state: ServiceRunState | undefined;
  uptimeS: number | undefined;
}

/**
 * Failures carry `ServiceDriverError` codes: `SERVICE_START_FAILED` (start/restart),
 * `SERVICE_STOP_FAILED` (stop), `SERVICE_UNHEALTHY` (the health probe after a start).
 */
export interface ServiceDriver {
  /** Starts the service unless it runs; waits until healthy when a health URL is set. */
  start(): Promise<ServiceRunState>;
  stop(): Promise<void>;
  /** Stops and starts (or `systemctl restart`); waits until healthy when a health URL is set. */
  restart(): Promise<ServiceRunState>;
  /** Synchronous for the process driver (reads /proc), asynchronous for systemd (runs systemctl). */
  status(): ServiceDriverStatus | Promise<ServiceDriverStatus>;
  /** Polls the health URL until it answers 2xx; resolves with the parsed answer (undefined without a URL). */
  waitHealthy(): Promise<unknown>;
}
