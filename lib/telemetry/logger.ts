/**
 * Hale's pino logger: JSON lines, with secrets redacted at the source. Every path a value takes
 * into a log line goes through the redactor:
 * - the merging object (and `mixin` output)  → `formatters.log`
 * - format arguments (`log.info('%j', obj)`)  → `hooks.logMethod`
 * - the final message, after interpolation   → `serializers.msg`
 * - errors (`err` key, or `log.error(err)`)   → `formatters.log` + `serializers.err`
 * - root bindings / child bindings / setBindings / child serializers and formatters → wrapped here.
 */
import pino from 'pino';
import type {
  Bindings,
  ChildLoggerOptions,
  DestinationStream,
  LogFn,
  Logger,
  LoggerOptions,
  SerializerFn,
} from 'pino';
import { HaleError } from '../errors';
import { redactRecord, redactSecrets } from './redact';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Logger name, written as `name` on every line (e.g. `hale-api`, `control-worker`). */
  name: string;
  /** Minimum level; defaults to `HALE_LOG_LEVEL`, then `info`. */
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a memory stream. */
  destination?: DestinationStream;
}

export type TelemetryErrorCode = 'TELEMETRY_BAD_LOG_LEVEL';

/** Creates a logger that writes JSON lines and never writes a secret. */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    name: opts.name,
    level: resolveLevel(opts.level),
    formatters: { bindings: redactRecord, log: redactRecord },
    serializers: { err: serializeError, msg: redactSecrets },
    hooks: {
      logMethod(args, method) {
        method.apply(this, redactFormatArguments(args));
      },
    },
  };
  const logger = opts.destination ? pino(options, opts.destination) : pino(options);
  return guardChildren(logger);
}

function resolveLevel(explicit: string | undefined): string {
  const envLevel = process.env['HALE_LOG_LEVEL'];
  const level = explicit ?? (envLevel !== undefined && envLevel !== '' ? envLevel : 'info');
  if (level === 'silent' || pino.levels.values[level] !== undefined) return level;
  throw new HaleError<TelemetryErrorCode>(
    'TELEMETRY_BAD_LOG_LEVEL',
    `unknown log level "${level}" (HALE_LOG_LEVEL or createLogger level)`,
    {
      details: { level },
    },
  );
}

function serializeError(err: unknown): unknown {
  return redactSecrets(err instanceof Error ? pino.stdSerializers.err(err) : err);
}

/** pino's argument shapes: `(obj, msg, ...params)` or `(msg, ...params)`; only params are touched here. */
function redactFormatArguments(args: Parameters<LogFn>): Parameters<LogFn> {
  const firstParam = typeof args[0] === 'object' ? 2 : 1;
  return args.map((arg: unknown, i) => (i >= firstParam ? redactSecrets(arg) : arg)) as Parameters<LogFn>;
}

/**
 * pino applies the root's `formatters.bindings` only to the root; child bindings bypass it, and a
 * child may bring its own serializers or formatters. Children inherit from their parent object, so
 * overriding `child`/`setBindings` on the root covers every descendant.
 */
function guardChildren(logger: Logger): Logger {
  const child = logger.child;
  const setBindings = logger.setBindings;
  Object.defineProperty(logger, 'child', {
    configurable: true,
    writable: true,
    value: function guardedChild(this: Logger, bindings: Bindings, options?: ChildLoggerOptions) {
      const guardedOptions = options === undefined ? undefined : guardChildOptions(options);
      return Reflect.apply(child, this, [redactRecord(bindings), guardedOptions]) as Logger;
    },
  });
  Object.defineProperty(logger, 'setBindings', {
    configurable: true,
    writable: true,
    value: function guardedSetBindings(this: Logger, bindings: Bindings) {
      Reflect.apply(setBindings, this, [redactRecord(bindings)]);
    },
  });
  return logger;
}

function guardChildOptions(options: ChildLoggerOptions): ChildLoggerOptions {
  const guarded: ChildLoggerOptions = { ...options };
  if (options.serializers) guarded.serializers = guardSerializers(options.serializers);
  if (options.formatters) {
    const { log, bindings } = options.formatters;
    guarded.formatters = {
      ...options.formatters,
      ...(log ? { log: (o: object) => redactRecord(log(o)) } : {}),
      ...(bindings ? { bindings: (b: Bindings) => redactRecord(bindings(b)) } : {}),
    };
  }
  return guarded;
}

function guardSerializers(serializers: Record<string, SerializerFn>): Record<string, SerializerFn> {
  const guarded: Record<string | symbol, SerializerFn> = {};
  for (const key of Reflect.ownKeys(serializers)) {
    const serialize = (serializers as Record<string | symbol, SerializerFn>)[key];
    if (serialize) guarded[key] = (value: unknown) => redactSecrets(serialize(value));
  }
  return guarded;
}
