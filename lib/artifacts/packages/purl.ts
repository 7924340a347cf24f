import { PackageURL } from 'packageurl-js';
import type { PackageKind } from './types';

/** Package URL of an artifact or (without version) of a dependency, per kind. */
export function purlFor(
  kind: PackageKind,
  name: string,
  version?: string,
  qualifiers?: Record<string, string>,
): string {
  switch (kind) {
    case 'python-wheel':
      return new PackageURL('pypi', undefined, name, version, qualifiers).toString();
    case 'npm-tarball': {
      const scoped = /^(@[^/]+)\/(.+)$/.exec(name);
      const [namespace, bare] = scoped ? [scoped[1], scoped[2] ?? name] : [undefined, name];
      return new PackageURL('npm', namespace, bare, version, qualifiers).toString();
    }
    case 'deb':
      return new PackageURL('deb', 'debian', name, version, qualifiers).toString();
    case 'config-bundle':
    case 'snapshot':
      return new PackageURL('generic', undefined, name, version, { ...qualifiers, kind }).toString();
  }
}
