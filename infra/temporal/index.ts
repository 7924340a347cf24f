export { resolveTemporalCli, defaultToolsDir, TEMPORAL_CLI_VERSIONS, type ResolvedCli } from './resolve-cli';
export { startDevServer, DEV_SERVER_EXTRA_ARGS, type DevServer, type DevServerOptions } from './dev-server';
export { bootstrapNamespace } from './bootstrap';
export { waitForTemporal } from './wait';
export { HALE_SEARCH_ATTRIBUTES, type HaleSearchAttribute } from './search-attributes';
export { TemporalBootstrapError, type TemporalBootstrapCode } from './errors';
export { CACHE_WARM_SCHEDULE_ID, ensureCacheWarmSchedule, type CacheWarmScheduleOptions } from './schedules';
