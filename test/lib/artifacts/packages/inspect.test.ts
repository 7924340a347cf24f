import path from 'node:path';
import { inspectPackage } from '../../../../lib/artifacts/packages';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/artifacts/packages');
const fixture = (name: string): string => path.join(FIXTURES, name);

describe('inspectPackage on real artifacts', () => {
  it('reads the six wheel: METADATA, WHEEL and a verified RECORD', async () => {
    const info = await inspectPackage(fixture('six-1.16.0-py2.py3-none-any.whl'));
    expect(info).toMatchObject({
      kind: 'python-wheel',
      name: 'six',
      version: '1.16.0',
      summary: 'Python 2 and 3 compatibility utilities',
      license: 'MIT',
      homepage: 'https://github.com/benjaminp/six',
      dependencies: [],
      purl: 'pkg:pypi/six@1.16.0',
    });
    expect(info.wheel).toMatchObject({
      wheelVersion: '1.0',
      rootIsPurelib: true,
      tags: ['py2-none-any', 'py3-none-any'],
    });
    expect(info.files?.map((f) => f.path)).toContain('six.py');
    expect(info.files?.find((f) => f.path === 'six.py')?.size).toBe(34549);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('reads jaraco.functools: dotted name, Requires-Dist with extras markers, classifier licence', async () => {
    const info = await inspectPackage(fixture('jaraco.functools-4.1.0-py3-none-any.whl'));
    expect(info.name).toBe('jaraco.functools');
    expect(info.version).toBe('4.1.0');
    expect(info.license).toBe('MIT');
    expect(info.homepage).toBe('https://github.com/jaraco/jaraco.functools');
    expect(info.purl).toBe('pkg:pypi/jaraco.functools@4.1.0');
    expect(info.dependencies[0]).toEqual({ name: 'more-itertools', spec: '' });
    expect(info.dependencies.filter((d) => !d.optional).map((d) => d.name)).toEqual(['more-itertools']);
    expect(info.dependencies).toContainEqual({
      name: 'pytest-ruff',
      spec: '>=0.2.1',
      marker: `(sys_platform != "cygwin") and extra == 'check'`,
      optional: true,
    });
    expect(info.dependencies).toHaveLength(14);
    expect(info.wheel?.requiresPython).toBe('>=3.8');
  });

  it('reads the is-odd npm tarball with its dependency', async () => {
    const info = await inspectPackage(fixture('is-odd-3.0.1.tgz'));
    expect(info).toMatchObject({
      kind: 'npm-tarball',
      name: 'is-odd',
      version: '3.0.1',
      license: 'MIT',
      dependencies: [{ name: 'is-number', spec: '^6.0.0' }],
      purl: 'pkg:npm/is-odd@3.0.1',
    });
    expect(info.files?.map((f) => f.path).sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/index.js',
      'package/package.json',
    ]);
    expect(info.lockedDependencies).toBeUndefined();
  });

  it('reads is-number (no dependencies)', async () => {
    const info = await inspectPackage(fixture('is-number-7.0.0.tgz'));
    expect(info).toMatchObject({ name: 'is-number', version: '7.0.0', dependencies: [], license: 'MIT' });
    expect(info.summary).toMatch(/number/);
  });

  it('reads the libpopt0 deb control file (control.tar.xz)', async () => {
    const info = await inspectPackage(fixture('libpopt0_1.19+dfsg-1_amd64.deb'));
    expect(info).toMatchObject({
      kind: 'deb',
      name: 'libpopt0',
      version: '1.19+dfsg-1',
      summary: 'lib for parsing cmdline parameters',
      homepage: 'https://github.com/rpm-software-management/popt',
      dependencies: [{ name: 'libc6', spec: '>= 2.33' }],
      purl: 'pkg:deb/debian/libpopt0@1.19+dfsg-1?arch=amd64',
      deb: {
        architecture: 'amd64',
        maintainer: 'Håvard F. Aasen <havard.f.aasen@pfft.no>',
        source: 'popt',
        section: 'libs',
      },
    });
  });
});
