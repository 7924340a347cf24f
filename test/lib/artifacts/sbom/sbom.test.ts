import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspectPackage, type PackageInfo } from '../../../../lib/artifacts/packages';
import { buildSbom, serializeSbom, validateSbom, type SbomArtifact } from '../../../../lib/artifacts/sbom';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/artifacts/packages');
const NAMES = [
  'six-1.16.0-py2.py3-none-any.whl',
  'jaraco.functools-4.1.0-py3-none-any.whl',
  'is-odd-3.0.1.tgz',
  'is-number-7.0.0.tgz',
  'libpopt0_1.19+dfsg-1_amd64.deb',
];

async function load(name: string): Promise<{ info: PackageInfo; artifact: SbomArtifact }> {
  const file = path.join(FIXTURES, name);
  const bytes = await readFile(file);
  return {
    info: await inspectPackage(file),
    artifact: {
      fileName: name,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sha512: createHash('sha512').update(bytes).digest('hex'),
    },
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(doc: unknown): { pointer: string; rule: string }[] {
  try {
    validateSbom(doc);
  } catch (err) {
    expect((err as { code: string }).code).toBe('SBOM_INVALID');
    return (err as { details: { problems: { pointer: string; rule: string }[] } }).details.problems;
  }
  throw new Error('expected SBOM_INVALID');
}

describe('buildSbom', () => {
  it.each(NAMES)('%s: a CycloneDX 1.6 SBOM that validates against the schema', async (name) => {
    const { info, artifact } = await load(name);
    const sbom = buildSbom(info, artifact) as Json;
    expect(() => validateSbom(sbom)).not.toThrow();
    expect(sbom.specVersion).toBe('1.6');
    expect(sbom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sbom.metadata.timestamp).toBeUndefined();
    const root = sbom.metadata.component;
    expect(root).toMatchObject({
      name: info.name,
      version: info.version,
      purl: info.purl,
      'bom-ref': info.purl,
    });
    expect(root.hashes).toEqual([
      { alg: 'SHA-256', content: artifact.sha256 },
      { alg: 'SHA-512', content: artifact.sha512 },
    ]);
  });

  it('records licences, dependencies and the graph for a wheel', async () => {
    const { info, artifact } = await load('jaraco.functools-4.1.0-py3-none-any.whl');
    const sbom = buildSbom(info, artifact) as Json;
    expect(sbom.metadata.component.licenses).toEqual([{ license: { id: 'MIT' } }]);
    expect(sbom.metadata.component.type).toBe('library');
    const required = sbom.components.filter((c: Json) => c.scope === 'required').map((c: Json) => c.purl);
    expect(required).toEqual(['pkg:pypi/more-itertools']);
    expect(sbom.components).toHaveLength(14);
    const edges = sbom.dependencies.find((d: Json) => d.ref === info.purl);
    expect(edges.dependsOn).toHaveLength(14);
    expect(edges.dependsOn).toContain('pkg:pypi/more-itertools');
  });

  it('records the npm dependency with its range and the deb dependency with its constraint', async () => {
    const npm = buildSbom(
      (await load('is-odd-3.0.1.tgz')).info,
      (await load('is-odd-3.0.1.tgz')).artifact,
    ) as Json;
    expect(npm.components).toEqual([
      expect.objectContaining({
        name: 'is-number',
        purl: 'pkg:npm/is-number',
        properties: [{ name: 'hale:spec', value: '^6.0.0' }],
      }),
    ]);
    const { info, artifact } = await load('libpopt0_1.19+dfsg-1_amd64.deb');
    const deb = buildSbom(info, artifact) as Json;
    expect(deb.components[0]).toMatchObject({ name: 'libc6', purl: 'pkg:deb/debian/libc6' });
  });

  it('is deterministic: the same artifact gives the same bytes; a timestamp is only added when passed', async () => {
    const a = await load('six-1.16.0-py2.py3-none-any.whl');
    const b = await load('six-1.16.0-py2.py3-none-any.whl');
    expect(serializeSbom(a.info, a.artifact)).toBe(serializeSbom(b.info, b.artifact));
    const stamped = buildSbom(a.info, a.artifact, { timestamp: new Date('2026-01-02T03:04:05Z') }) as Json;
    expect(stamped.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z');
    const other = await load('is-number-7.0.0.tgz');
    expect((buildSbom(other.info, other.artifact) as Json).serialNumber).not.toBe(
      (buildSbom(a.info, a.artifact) as Json).serialNumber,
    );
  });

  it('refuses a malformed digest as ARTIFACT_INPUT_INVALID', async () => {
    const { info, artifact } = await load('six-1.16.0-py2.py3-none-any.whl');
    expect(() => buildSbom(info, { ...artifact, sha256: 'abc' })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INPUT_INVALID' }),
    );
  });
});

describe('validateSbom', () => {
  it('names the pointer and rule of a bad hash algorithm', async () => {
    const { info, artifact } = await load('six-1.16.0-py2.py3-none-any.whl');
    const sbom = buildSbom(info, artifact) as Json;
    sbom.metadata.component.hashes[0].alg = 'SHA-999';
    expect(problemsOf(sbom)[0]).toEqual(
      expect.objectContaining({ pointer: '/metadata/component/hashes/0/alg', rule: 'enum' }),
    );
  });

  it('names the pointer of a wrong type and of a wrong spec version', async () => {
    const { info, artifact } = await load('is-odd-3.0.1.tgz');
    const sbom = buildSbom(info, artifact) as Json;
    sbom.components[0].name = 42;
    expect(problemsOf(sbom)[0]).toEqual(
      expect.objectContaining({ pointer: '/components/0/name', rule: 'type' }),
    );
    expect(problemsOf({ ...sbom, specVersion: '1.5' })[0]?.pointer).toBe('/specVersion');
    expect(problemsOf('{not json')[0]?.rule).toBe('json');
  });
});
