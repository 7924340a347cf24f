// Site configuration: hale.yaml (validated by schemas/hale-config.v1.schema.json) + environment overrides.
export { loadConfig } from './load';
export type { LoadConfigOptions } from './load';
export { ConfigError, formatConfigError } from './errors';
export type { ConfigErrorCode, ConfigErrorDetails } from './errors';
export { ENV_OVERRIDES } from './env';
export { platformOs } from './hosts';
export type {
  BlueGreenConfig,
  HaleConfig,
  HostConfig,
  HostOs,
  PipelineConfig,
  ServiceConfig,
  ServiceKind,
  ServiceSlo,
} from './types';
