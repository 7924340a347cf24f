import { compareSemver, parseSemver } from '../../../../lib/l1/versions/semver';
import { parseSemverRange, satisfiesSemver } from '../../../../lib/l1/versions/semver-range';

const v = (text: string) => {
  const parsed = parseSemver(text);
  if (!parsed) throw new Error(`${text} should parse`);
  return parsed;
};
const sat = (version: string, range: string): boolean => {
  const r = parseSemverRange(range);
  if (!r) throw new Error(`${range} should parse`);
  return satisfiesSemver(v(version), r);
};

describe('SemVer', () => {
  it('orders pre-releases by the SemVer 2.0 rules', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareSemver(v(ordered[i - 1] as string), v(ordered[i] as string))).toBeLessThan(0);
    }
    expect(compareSemver(v('v1.2.3+build.7'), v('1.2.3'))).toBe(0);
  });

  it('refuses partial or malformed versions', () => {
    for (const bad of ['1.2', '01.2.3', '1.2.3-', 'x.y.z', '1.2.3.4'])
      expect(parseSemver(bad)).toBeUndefined();
  });
});

describe('npm ranges', () => {
  it.each([
    ['^1.2.3', '1.9.9', true],
    ['^1.2.3', '2.0.0', false],
    ['^1.2.3', '1.2.2', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['^0.0.3', '0.0.4', false],
    ['^0.x', '0.9.0', true],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['~1', '1.9.0', true],
    ['>=1.2.0 <1.4.0', '1.3.5', true],
    ['>=1.2.0 <1.4.0', '1.4.0', false],
    ['1.x', '1.5.0', true],
    ['1.2.*', '1.3.0', false],
    ['*', '5.0.0', true],
    ['', '5.0.0', true],
    ['<=1.2', '1.2.9', true],
    ['<1.2', '1.2.0', false],
    ['>1', '1.9.9', false],
    ['>1', '2.0.0', true],
    ['1.2.3 - 2.3', '2.3.9', true],
    ['1.2.3 - 2.3.4', '2.3.5', false],
    ['^4.17.0 || ^5.0.0', '5.1.0', true],
    ['^4.17.0 || ^5.0.0', '6.0.0', false],
    ['=1.2.3', '1.2.3', true],
  ])('%s with %s → %s', (range, version, expected) => {
    expect(sat(version, range)).toBe(expected);
  });

  it('matches a pre-release only through a comparator on the same major.minor.patch', () => {
    expect(sat('1.5.0-beta.1', '^1.2.3')).toBe(false);
    expect(sat('1.2.4-beta.1', '^1.2.4-beta.0')).toBe(true);
    expect(sat('1.3.0-beta.1', '^1.2.4-beta.0')).toBe(false);
    expect(sat('2.0.0-rc.1', '<2.0.0')).toBe(false);
  });

  it('refuses malformed ranges', () => {
    for (const bad of ['^', '>=abc', '1.2.3 -', '~>', 'latest'])
      expect(parseSemverRange(bad)).toBeUndefined();
  });
});
