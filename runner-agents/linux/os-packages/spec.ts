import { OsPackageError } from './errors';

/** Debian policy: package names and versions (epoch:upstream-revision). */
const NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const VERSION = /^[0-9A-Za-z.+~:-]+$/;

export interface PackageSpec {
  name: string;
  version: string;
}

export function checkPackageName(name: string): string {
  if (!NAME.test(name))
    throw new OsPackageError('OSPKG_SPEC_INVALID', `invalid package name ${JSON.stringify(name)}`);
  return name;
}

/** `name=version` (a version is required: nothing is installed unpinned). */
export function parsePackageSpec(spec: string): PackageSpec {
  const [name = '', version = '', ...rest] = spec.split('=');
  if (rest.length > 0 || !VERSION.test(version)) {
    throw new OsPackageError('OSPKG_SPEC_INVALID', `expected name=version, got ${JSON.stringify(spec)}`);
  }
  return { name: checkPackageName(name), version };
}
