import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import { purlFor } from '../packages/purl';
import { normalizePythonName } from '../packages/wheel-name';
import type { LockedDependency, PackageDependency, PackageInfo } from '../packages/types';

function keyOf(info: PackageInfo, name: string): string {
  return info.kind === 'python-wheel' ? normalizePythonName(name) : name;
}

function sriToHex(integrity: string | undefined): string | undefined {
  const m = /(?:^|\s)sha512-([A-Za-z0-9+/]+={0,2})/.exec(integrity ?? '');
  const bytes = m?.[1] ? Buffer.from(m[1], 'base64') : undefined;
  return bytes?.length === 64 ? bytes.toString('hex') : undefined;
}

/**
 * One component per declared dependency name (repeated Requires-Dist lines merge). A
 * dependency is `required` unless every declaration is optional; specs and markers become
 * `hale:spec` / `hale:marker` properties. npm dependencies pinned by a shipped lockfile get that
 * version and its SHA-512.
 */
export function dependencyComponents(info: PackageInfo): Models.Component[] {
  const groups = new Map<string, PackageDependency[]>();
  for (const dep of info.dependencies) {
    const key = keyOf(info, dep.name);
    groups.set(key, [...(groups.get(key) ?? []), dep]);
  }
  const locked = new Map<string, LockedDependency>();
  for (const l of info.lockedDependencies ?? []) {
    if (l.path === `node_modules/${l.name}`) locked.set(l.name, l);
  }
  return [...groups.entries()].map(([key, decls]) => {
    const name = decls[0]?.name ?? key;
    const pin = locked.get(name);
    const purl = purlFor(info.kind, name, pin?.version);
    const component = new Models.Component(Enums.ComponentType.Library, name, {
      bomRef: purl,
      purl,
      ...(pin ? { version: pin.version } : {}),
      scope: decls.every((d) => d.optional) ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required,
    });
    const sha512 = sriToHex(pin?.integrity);
    if (sha512) component.hashes.set(Enums.HashAlgorithm['SHA-512'], sha512);
    for (const d of decls) {
      if (d.spec !== '') component.properties.add(new Models.Property('hale:spec', d.spec));
      if (d.marker) component.properties.add(new Models.Property('hale:marker', d.marker));
      for (const alt of d.alternatives ?? [])
        component.properties.add(new Models.Property('hale:alternative', alt));
    }
    return component;
  });
}
