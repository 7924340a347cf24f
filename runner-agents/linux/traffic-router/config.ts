import fs from 'node:fs';
import path from 'node:path';
import { fieldError } from './errors';
import { DEFAULT_SHADOW, parseShadowConfig, type ShadowConfig } from './shadow-config';
import { integerIn, nonEmptyString, object, onlyFields, upstreamUrl } from './validate';

export interface RouterLimits {
  /** Largest body (request or response) buffered for a shadow compare; bigger → length + sha256 only. */
  bodyCapBytes: number;
  /** Mismatch examples kept in the compare report (the newest ones). */
  mismatchSamples: number;
  /** Mirrored requests in flight at once; more eligible requests are skipped (counted) instead. */
  maxMirrorsInFlight: number;
  /** A live request whose upstream goes silent this long ends with 504. */
  upstreamTimeoutMs: number;
  /** A mirrored request to green that takes longer counts as a green error. */
  shadowTimeoutMs: number;
  /** On stop, in-flight requests get this long to finish before their connections are closed. */
  drainMs: number;
}

export const DEFAULT_LIMITS: RouterLimits = {
  bodyCapBytes: 1024 * 1024,
  mismatchSamples: 20,
  maxMirrorsInFlight: 32,
  upstreamTimeoutMs: 30000,
  shadowTimeoutMs: 10000,
  drainMs: 5000,
};

/** The router's config file (JSON). `shadow` has the same shape as the `PUT /shadow` body. */
export interface RouterConfig {
  /** The service behind the router (for logs and `GET /state`). */
  service: string;
  /** The service's public address; the router owns it (port 0: any free port, for tests). */
  listen: { host: string; port: number };
  /** The control API's Unix domain socket (created 0600). */
  socketPath: string;
  /** Where the route state is persisted; it wins over `upstreams` when it exists. */
  stateFile: string;
  /** Initial upstreams, used only when there is no state file yet; blue is active. */
  upstreams: { blue: string; green?: string | null };
  shadow?: Partial<ShadowConfig>;
  limits?: Partial<RouterLimits>;
}

export interface ResolvedRouterConfig extends Omit<RouterConfig, 'shadow' | 'limits'> {
  upstreams: { blue: string; green: string | null };
  shadow: ShadowConfig;
  limits: RouterLimits;
}

const TOP = ['service', 'listen', 'socketPath', 'stateFile', 'upstreams', 'shadow', 'limits'] as const;
/** sun_path is 108 bytes on Linux, NUL included. */
const MAX_SOCKET_PATH = 107;

function absolutePath(value: unknown, field: string): string {
  const text = nonEmptyString(value, field);
  if (!path.isAbsolute(text)) throw fieldError(field, `must be an absolute path, got "${text}"`);
  return path.normalize(text);
}

function parseLimits(value: unknown): RouterLimits {
  const raw = object(value ?? {}, 'limits');
  onlyFields(raw, Object.keys(DEFAULT_LIMITS), 'limits.');
  const pick = (key: keyof RouterLimits, min: number, max: number) =>
    raw[key] === undefined ? DEFAULT_LIMITS[key] : integerIn(raw[key], `limits.${key}`, min, max);
  return {
    bodyCapBytes: pick('bodyCapBytes', 0, 64 * 1024 * 1024),
    mismatchSamples: pick('mismatchSamples', 0, 1000),
    maxMirrorsInFlight: pick('maxMirrorsInFlight', 1, 10000),
    upstreamTimeoutMs: pick('upstreamTimeoutMs', 100, 600000),
    shadowTimeoutMs: pick('shadowTimeoutMs', 100, 600000),
    drainMs: pick('drainMs', 0, 600000),
  };
}

/** Checks a config (from JSON or from code) and fills the defaults; ROUTER_CONFIG_INVALID names the field. */
export function parseRouterConfig(value: unknown): ResolvedRouterConfig {
  const raw = object(value, '(root)');
  onlyFields(raw, TOP);
  const listen = object(raw.listen, 'listen');
  onlyFields(listen, ['host', 'port'], 'listen.');
  const upstreams = object(raw.upstreams, 'upstreams');
  onlyFields(upstreams, ['blue', 'green'], 'upstreams.');
  const socketPath = absolutePath(raw.socketPath, 'socketPath');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw fieldError('socketPath', `longer than ${MAX_SOCKET_PATH} bytes (Unix socket limit)`);
  }
  return {
    service: nonEmptyString(raw.service, 'service'),
    listen: {
      host: nonEmptyString(listen.host, 'listen.host'),
      port: integerIn(listen.port, 'listen.port', 0, 65535),
    },
    socketPath,
    stateFile: absolutePath(raw.stateFile, 'stateFile'),
    upstreams: {
      blue: upstreamUrl(upstreams.blue, 'upstreams.blue'),
      green:
        upstreams.green === undefined || upstreams.green === null
          ? null
          : upstreamUrl(upstreams.green, 'upstreams.green'),
    },
    shadow:
      raw.shadow === undefined ? DEFAULT_SHADOW : parseShadowConfig(raw.shadow, DEFAULT_SHADOW, 'shadow.'),
    limits: parseLimits(raw.limits),
  };
}

/** Reads and checks a config file. */
export function readRouterConfig(file: string): ResolvedRouterConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw fieldError('(file)', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseRouterConfig(JSON.parse(text) as unknown);
  } catch (err) {
    if (err instanceof SyntaxError) throw fieldError('(file)', `${file} is not JSON: ${err.message}`);
    throw err;
  }
}
