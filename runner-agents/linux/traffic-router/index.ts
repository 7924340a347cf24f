/**
 * The traffic router in front of one service: blue/green with an atomic switch, shadow mirroring of
 * requests safe to repeat with a real comparison, per-upstream stats for the SLO watch, fault
 * injection, and verdicts where missing data never passes. See docs/runners.md § Traffic router.
 */
export { RouterClient, type RouterClientOptions } from './client';
export type { CompareReport, MismatchSample, SkipReason } from './compare';
export { DEFAULT_LIMITS, parseRouterConfig, readRouterConfig } from './config';
export type { ResolvedRouterConfig, RouterConfig, RouterLimits } from './config';
export { RouterError, isRouterError, type RouterErrorCode } from './errors';
export type { FaultRequest, FaultSpec } from './faults';
export type { RouteState, UpstreamName } from './route-state';
export type { RouterEvent, RouterHooks, RouterLog, RouterStateView } from './router-core';
export { startRouter, type RouterHandle } from './router';
export { DEFAULT_SAFE_METHODS, DEFAULT_SHADOW, type ShadowConfig } from './shadow-config';
export type { TrafficStatsSnapshot, UpstreamStatsSnapshot } from './stats';
export {
  burnVerdict,
  shadowVerdict,
  type BurnSlo,
  type ShadowGate,
  type Verdict,
  type VerdictResult,
} from './verdict';
