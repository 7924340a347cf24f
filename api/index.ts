export { buildApi, type ApiOptions } from './server';
export { ApiError, errorBody, type ApiErrorBody } from './errors';
export type { ReadinessCheck } from './routes/health';
export type { RemediationView } from './remediations/describe';
export { temporalReadiness, databaseReadiness, readinessConnection } from './readiness';
