/** PEP 503 name normalisation: lower-case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export interface WheelFileName {
  distribution: string;
  version: string;
  build?: string;
  tags: string[];
}

/**
 * PEP 427 file name: `{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl`;
 * tags may be compressed sets (`py2.py3`) and expand to every combination.
 */
export function parseWheelFileName(fileName: string): WheelFileName | { error: string } {
  if (!fileName.endsWith('.whl')) return { error: 'does not end in .whl' };
  const parts = fileName.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) {
    return { error: `has ${parts.length} dash-separated parts, PEP 427 needs 5 or 6` };
  }
  if (parts.some((p) => p === '')) return { error: 'has an empty part' };
  const [distribution = '', version = ''] = parts;
  const build = parts.length === 6 ? parts[2] : undefined;
  if (build !== undefined && !/^\d/.test(build))
    return { error: `build tag "${build}" must start with a digit` };
  const [py = '', abi = '', plat = ''] = parts.slice(-3);
  const tags: string[] = [];
  for (const p of py.split('.')) {
    for (const a of abi.split('.')) for (const pl of plat.split('.')) tags.push(`${p}-${a}-${pl}`);
  }
  return { distribution, version, ...(build === undefined ? {} : { build }), tags };
}

/** File-name versions replace `-` with `_`; compare the two spellings case-insensitively. */
export function sameWheelVersion(fromFileName: string, fromMetadata: string): boolean {
  const canon = (v: string): string => v.toLowerCase().replace(/[-_]/g, '_');
  return canon(fromFileName) === canon(fromMetadata);
}
