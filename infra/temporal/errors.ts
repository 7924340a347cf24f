import { HaleError } from '../../lib/errors';

export type TemporalBootstrapCode =
  'TEMPORAL_CLI_UNAVAILABLE' | 'TEMPORAL_PORT_IN_USE' | 'TEMPORAL_START_FAILED' | 'TEMPORAL_UNREACHABLE';

export class TemporalBootstrapError extends HaleError<TemporalBootstrapCode> {}
