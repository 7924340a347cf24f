import { HaleError } from '../../../lib/errors';

export type ServiceDriverCode = 'SERVICE_START_FAILED' | 'SERVICE_UNHEALTHY' | 'SERVICE_STOP_FAILED';

/** What every service driver throws (process and systemd alike). */
export class ServiceDriverError extends HaleError<ServiceDriverCode> {}
