import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ArtifactError } from '../errors';

const SCHEMA_DIR = path.join(
  path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
  'res',
  'schema',
);

let compiled: ValidateFunction | undefined;

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
}

/**
 * The CycloneDX 1.6 JSON schema shipped with the library (draft-07, so plain Ajv rather than
 * Hale's 2020-12 instance). It refers to its SPDX and JSF schemas by their SNAPSHOT file names,
 * so they are registered under those URLs. Compiled once, on first use.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  for (const name of ['spdx', 'jsf-0.82']) {
    ajv.addSchema(
      loadSchema(`${name}.SNAPSHOT.schema.json`),
      `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json`,
    );
  }
  compiled = ajv.compile(loadSchema('bom-1.6.SNAPSHOT.schema.json'));
  return compiled;
}

export interface SbomProblem {
  pointer: string;
  rule: string;
  message: string;
}

function problemOf(e: ErrorObject): SbomProblem {
  return { pointer: e.instancePath === '' ? '/' : e.instancePath, rule: e.keyword, message: e.message ?? '' };
}

function invalid(problems: SbomProblem[]): ArtifactError {
  const text = problems.map((p) => `${p.pointer}: ${p.rule} (${p.message})`).join('; ');
  return new ArtifactError('SBOM_INVALID', `SBOM does not match CycloneDX 1.6: ${text}`, {
    details: { problems },
  });
}

/** Throws SBOM_INVALID naming the JSON pointer and schema rule of the first problems found. */
export function validateSbom(json: unknown): void {
  const doc = typeof json === 'string' ? parseText(json) : json;
  const specVersion = (doc as { specVersion?: unknown } | null)?.specVersion;
  if (specVersion !== '1.6') {
    throw invalid([{ pointer: '/specVersion', rule: 'const', message: 'must be "1.6"' }]);
  }
  const validate = validator();
  if (!validate(doc)) throw invalid((validate.errors ?? []).slice(0, 3).map(problemOf));
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ArtifactError('SBOM_INVALID', 'SBOM is not JSON', {
      cause: err,
      details: { problems: [{ pointer: '/', rule: 'json', message: 'not JSON' }] },
    });
  }
}
