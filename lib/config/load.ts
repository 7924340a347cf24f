import fs from 'node:fs';
import path from 'node:path';
import { applyEnvOverrides, envValue } from './env';
import { configError, type ConfigProblem } from './errors';
import { localHost, pickHostId } from './hosts';
import { normalize, type Defaulted } from './normalize';
import { checkBlueGreen } from './blue-green';
import { checkReferences } from './references';
import type { HaleConfig } from './types';
import { checkSchema, type Where } from './validate';
import { parseYaml } from './yaml-source';

export interface LoadConfigOptions {
  /** Config file; default $HALE_CONFIG, else ./hale.yaml when it exists, else built-in defaults. */
  path?: string;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Directory that relative paths (path, HALE_CONFIG, HALE_DATA_DIR, ./hale.yaml) start from; default process.cwd(). */
  cwd?: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

function isProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'code' in value && 'details' in value;
}

/** Returns `value`, or throws the ConfigError for it when it is a problem. */
function ok<T>(value: T | ConfigProblem, shown: string | undefined): T {
  if (isProblem(value)) throw configError(value, shown);
  return value;
}

/** The config file (absolute) and how to show it in messages (as the user wrote it). */
function findConfigFile(
  options: LoadConfigOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { file: string; shown: string } | undefined {
  const explicit = options.path ?? envValue(env, 'HALE_CONFIG');
  if (explicit !== undefined) return { file: path.resolve(cwd, explicit), shown: explicit };
  const local = path.join(cwd, 'hale.yaml');
  return fs.existsSync(local) ? { file: local, shown: 'hale.yaml' } : undefined;
}

function readConfigFile(file: string): string | ConfigProblem {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile())
      return {
        code: 'CONFIG_NOT_FOUND',
        text: 'config file is not a regular file',
        details: { file, rule: 'read' },
      };
    if (stat.size > MAX_CONFIG_BYTES) {
      return {
        code: 'CONFIG_PARSE',
        text: `config file is larger than ${MAX_CONFIG_BYTES} bytes`,
        details: { file, rule: 'size' },
      };
    }
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const text =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'config file not found'
        : `config file cannot be read (${code ?? 'error'})`;
    return { code: 'CONFIG_NOT_FOUND', text, details: { file, rule: 'read' }, cause: err };
  }
}

/**
 * Loads the site configuration: the YAML file (or built-in defaults for this machine), validated
 * by schemas/hale-config.v1.schema.json, then the environment overrides (HALE_DATA_DIR,
 * HALE_API_PORT, TEMPORAL_ADDRESS, …). Throws ConfigError (CONFIG_NOT_FOUND, CONFIG_PARSE,
 * CONFIG_INVALID) with the file, line, column, field and rule.
 */
export function loadConfig(options: LoadConfigOptions = {}): HaleConfig {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());

  const found = findConfigFile(options, env, cwd);
  const file = found?.file;
  const shown = found?.shown;
  const where: Where = { file };
  let data: unknown = {};
  if (file !== undefined) {
    const source = ok(parseYaml(ok(readConfigFile(file), shown), file), shown);
    where.source = source;
    data = source.data ?? {};
  }
  ok(checkSchema(data, where), shown);

  const effective = structuredClone(data) as Record<string, unknown>;
  const overrides = ok(applyEnvOverrides(effective, env, cwd), shown);
  ok(checkSchema(effective, { ...where, overrides }), shown);

  const doc = effective as unknown as Defaulted;
  const hosts = doc.hosts ?? [localHost(env)];
  ok(checkReferences(doc.services, hosts, where, env), shown);
  ok(checkBlueGreen(doc.services, where), shown);
  const hostId = envValue(env, 'HALE_HOST_ID') ?? pickHostId(hosts) ?? 'local';
  return normalize(doc, { file, configDir: file === undefined ? cwd : path.dirname(file), hosts, hostId });
}
