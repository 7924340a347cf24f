import fs from 'node:fs';
import path from 'node:path';
import { contractNames, createAjv, schemaFor } from '../../lib/contracts';
import { repoRoot } from './doc-examples';

type Schema = Record<string, unknown>;
const schemaDir = path.join(repoRoot, 'schemas');
const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'));
const load = (file: string): Schema =>
  JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as Schema;

/** Every subschema with its JSON pointer inside the schema file. */
function* subschemas(schema: Schema, at = ''): Generator<[string, Schema]> {
  yield [at, schema];
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'if', 'then', 'else']) {
    const sub = schema[key];
    if (sub && typeof sub === 'object') yield* subschemas(sub as Schema, `${at}/${key}`);
  }
  const props = (schema.properties ?? {}) as Record<string, Schema | boolean>;
  for (const [name, sub] of Object.entries(props)) {
    if (typeof sub === 'object') yield* subschemas(sub, `${at}/properties/${name}`);
  }
}

const types = (s: Schema): unknown[] => [s.type].flat();

describe('schema files', () => {
  it('has one file per contract plus the site config', () => {
    const expected = [...contractNames, 'hale-config.v1'].map((n) => `${n}.schema.json`).sort();
    expect([...files].sort()).toEqual(expected);
  });

  it.each(files)('%s is draft 2020-12 with the conventional $id and compiles in strict mode', (file) => {
    const schema = load(file);
    const name = file.replace(/\.schema\.json$/, '');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://hale.dev/schemas/${name}.json`);
    expect(() => createAjv().compile(schema)).not.toThrow();
  });

  it.each(files)('%s bounds every object, string and array', (file) => {
    const problems: string[] = [];
    for (const [at, s] of subschemas(load(file))) {
      if (at.endsWith('/if') || at.endsWith('/then')) continue;
      const t = types(s);
      if (t.includes('object')) {
        const closed = s.additionalProperties === false;
        const boundedMap = typeof s.additionalProperties === 'object' && s.propertyNames && s.maxProperties;
        if (!closed && !boundedMap) problems.push(`${at}: object must refuse unknown properties`);
      }
      if (
        t.includes('string') &&
        s.maxLength === undefined &&
        s.enum === undefined &&
        s.const === undefined
      ) {
        problems.push(`${at}: string needs maxLength or enum`);
      }
      if (t.includes('array') && s.maxItems === undefined) problems.push(`${at}: array needs maxItems`);
      if (at.endsWith('/propertyNames') && s.maxLength === undefined) problems.push(`${at}: needs maxLength`);
    }
    expect(problems).toEqual([]);
  });
});

describe('schemaFor', () => {
  it('returns a copy of the contract schema', () => {
    const schema = schemaFor('runner.result.v1');
    expect(schema.$id).toBe('https://hale.dev/schemas/runner.result.v1.json');
    schema.properties = {};
    expect(Object.keys(schemaFor('runner.result.v1').properties as object)).toContain('status');
  });
});
