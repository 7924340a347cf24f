import fs from 'node:fs';
import { writeFileAtomic } from '../../../lib/fs';
import { RouterError, isRouterError } from './errors';
import { parseShadowConfig, type ShadowConfig } from './shadow-config';
import { object, oneOf, upstreamUrl } from './validate';

export type UpstreamName = 'blue' | 'green';
export const UPSTREAM_NAMES: readonly UpstreamName[] = ['blue', 'green'];

/** What the router persists: where traffic goes, and what it mirrors. Faults and stats are not kept. */
export interface RouteState {
  active: UpstreamName;
  upstreams: { blue: string; green: string | null };
  shadow: ShadowConfig;
}

interface PersistedRouteState extends RouteState {
  version: 1;
  updated_at: string;
}

function stateError(field: string, message: string, cause?: unknown): RouterError {
  return new RouterError('ROUTER_STATE_INVALID', `route state ${field}: ${message}`, {
    details: { field },
    cause,
  });
}

/** Parses a persisted state document; any flaw is ROUTER_STATE_INVALID naming the field. */
export function parseRouteState(value: unknown): RouteState {
  try {
    const raw = object(value, '(root)');
    if (raw.version !== 1) throw stateError('version', `unsupported version ${String(raw.version)}`);
    const upstreams = object(raw.upstreams, 'upstreams');
    const state: RouteState = {
      active: oneOf(raw.active, 'active', ['blue', 'green'] as const),
      upstreams: {
        blue: upstreamUrl(upstreams.blue, 'upstreams.blue'),
        green: upstreams.green === null ? null : upstreamUrl(upstreams.green, 'upstreams.green'),
      },
      shadow: parseShadowConfig(raw.shadow, undefined, 'shadow.'),
    };
    if (state.upstreams[state.active] === null) throw stateError('active', `${state.active} has no upstream`);
    return state;
  } catch (err) {
    if (isRouterError(err) && err.code === 'ROUTER_STATE_INVALID') throw err;
    const field = isRouterError(err) ? String(err.details.field) : '(root)';
    throw stateError(field, err instanceof Error ? err.message : String(err), err);
  }
}

/**
 * The state file's content, or undefined when there is none yet. A file that exists but does not
 * parse refuses the start (ROUTER_STATE_INVALID): routing a restarted router to a guessed upstream
 * could send traffic to a stopped service.
 */
export function loadRouteState(file: string): RouteState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw stateError('(file)', `cannot read ${file}: ${(err as Error).message}`, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw stateError('(file)', `${file} is not JSON`, err);
  }
  return parseRouteState(json);
}

/** Writes the state all-or-nothing (temp file + fsync + rename). */
export function saveRouteState(file: string, state: RouteState): void {
  const doc: PersistedRouteState = { version: 1, ...state, updated_at: new Date().toISOString() };
  writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
}
