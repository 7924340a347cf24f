import fs from 'node:fs';
import path from 'node:path';
import { ENV_OVERRIDES } from '../../../lib/config';
import { repoRoot } from './temp-config';

type Schema = { properties?: Record<string, Schema>; items?: Schema };

/** Dotted key paths of every property in the config schema except mappings, whose children are listed (`services[].slo.api_p95_ms`). */
function keyPaths(schema: Schema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}${name}`;
    if (!sub.properties) out.push(key);
    out.push(...keyPaths(sub, `${key}.`));
    if (sub.items) out.push(...keyPaths(sub.items, `${key}[].`));
  }
  return out;
}

describe('docs/configuration.md', () => {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'configuration.md'), 'utf8');
  const schema = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'schemas', 'hale-config.v1.schema.json'), 'utf8'),
  ) as Schema;

  it.each(keyPaths(schema))('documents %s', (key) => {
    expect(doc).toContain(`\`${key}\``);
  });

  it.each([...ENV_OVERRIDES.map((o) => o.variable), 'HALE_CONFIG', 'HALE_HOST_ID'])(
    'documents %s',
    (variable) => {
      expect(doc).toContain(`\`${variable}\``);
    },
  );
});
