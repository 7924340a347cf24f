import { HaleError } from '../errors';

export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_NOT_FOUND' | 'CONFIG_PARSE';

export interface ConfigErrorDetails {
  /** Absolute path of the config file, when the problem is in a file. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** `services[0].kind`-style path into hale.yaml, or the environment variable at fault. */
  field?: string;
  /** Environment variable at fault (HALE_API_PORT, …), for bad overrides. */
  variable?: string;
  /** JSON Schema keyword (enum, required, additionalProperties, …) or reference, unique, kind, env, syntax, read. */
  rule: string;
}

/** hale.yaml or its environment overrides are missing, unparsable or invalid. The CLI exits with code 2. */
export class ConfigError extends HaleError<ConfigErrorCode> {
  declare readonly details: Readonly<ConfigErrorDetails>;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails, cause?: unknown) {
    super(code, message, { details: { ...details }, cause });
  }
}

export interface ConfigProblem {
  code: ConfigErrorCode;
  /** What is wrong, e.g. `must be one of python, node`. */
  text: string;
  details: ConfigErrorDetails;
  cause?: unknown;
}

/**
 * Builds the one-line error: `hale.yaml:12:5: services[0].kind must be one of python, node (rule: enum)`.
 * The file is shown as `shownAs` (the path as the user wrote it) when given.
 */
export function configError(problem: ConfigProblem, shownAs?: string): ConfigError {
  const { file, line, column, field, rule } = problem.details;
  let where = file === undefined ? '' : (shownAs ?? file);
  if (where && line !== undefined) where += `:${line}${column === undefined ? '' : `:${column}`}`;
  const subject = field === undefined ? problem.text : `${field} ${problem.text}`;
  const message = `${where ? `${where}: ` : ''}${subject} (rule: ${rule})`.replace(/\s*\n\s*/g, ' ');
  return new ConfigError(problem.code, message, problem.details, problem.cause);
}

/** One line for the CLI (`hale: <this>`, exit code 2 for a ConfigError). */
export function formatConfigError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
