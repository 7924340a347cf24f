import { comparePep440, formatPep440, parsePep440 } from '../../../../lib/l1/versions/pep440';
import { parsePep440Specifier, satisfiesPep440 } from '../../../../lib/l1/versions/pep440-spec';

const v = (text: string) => {
  const parsed = parsePep440(text);
  if (!parsed) throw new Error(`${text} should parse`);
  return parsed;
};
const cmp = (a: string, b: string): number => Math.sign(comparePep440(v(a), v(b)));
const sat = (version: string, spec: string): boolean => {
  const s = parsePep440Specifier(spec);
  if (!s) throw new Error(`${spec} should parse`);
  return satisfiesPep440(v(version), s);
};

describe('PEP 440 versions', () => {
  it('normalises spellings', () => {
    expect(formatPep440(v('1.0-ALPHA.2'))).toBe('1.0a2');
    expect(formatPep440(v('v2.0.0-rc1'))).toBe('2.0.0rc1');
    expect(formatPep440(v('1.0c3'))).toBe('1.0rc3');
    expect(formatPep440(v('1.0-1'))).toBe('1.0.post1');
    expect(formatPep440(v('1.0.rev2'))).toBe('1.0.post2');
    expect(formatPep440(v('1!1.0.dev'))).toBe('1!1.0.dev0');
    expect(formatPep440(v('1.0b'))).toBe('1.0b0');
  });

  it('refuses what is not PEP 440', () => {
    for (const bad of ['', 'abc', '1.0.0-beta.foo', '1..2', '1.0+', 'latest'])
      expect(parsePep440(bad)).toBeUndefined();
  });

  it('orders the spec example sequence dev < a < b < rc < release < post', () => {
    const ordered = [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect([ordered[i - 1], ordered[i], cmp(ordered[i - 1] as string, ordered[i] as string)]).toEqual([
        ordered[i - 1],
        ordered[i],
        -1,
      ]);
    }
  });

  it('ignores trailing zeros and compares numerically, epochs first', () => {
    expect(cmp('1.0', '1.0.0')).toBe(0);
    expect(cmp('1.10', '1.9')).toBe(1);
    expect(cmp('1!0.1', '2024.1')).toBe(1);
  });
});

describe('PEP 440 specifiers', () => {
  it('checks ordered comparisons, != and ==', () => {
    expect(sat('2.31.0', '>=2.28,<3')).toBe(true);
    expect(sat('3.0.0', '>=2.28,<3')).toBe(false);
    expect(sat('2.30.0', '>=2.28,!=2.30.0')).toBe(false);
    expect(sat('2.30', '==2.30.0')).toBe(true);
    expect(sat('2.30.0+local', '==2.30.0')).toBe(true);
  });

  it('handles prefix matching and ~=', () => {
    expect(sat('1.4.7', '==1.4.*')).toBe(true);
    expect(sat('1.5.0', '==1.4.*')).toBe(false);
    expect(sat('1.5.0', '!=1.4.*')).toBe(true);
    expect(sat('2.2.5', '~=2.2')).toBe(true);
    expect(sat('3.0', '~=2.2')).toBe(false);
    expect(sat('1.4.9', '~=1.4.5')).toBe(true);
    expect(sat('1.5.0', '~=1.4.5')).toBe(false);
  });

  it('excludes pre-releases unless the specifier names one; <V excludes V’s own pre-releases', () => {
    expect(sat('2.0.0rc1', '>=1.0')).toBe(false);
    expect(sat('2.0.0rc1', '>=2.0.0rc1')).toBe(true);
    expect(sat('2.0.0b1', '<2.0.0rc1,>=1.0b1')).toBe(true);
    expect(sat('1.5', '>1.4')).toBe(true);
    expect(sat('1.4.post1', '>1.4')).toBe(false);
    expect(sat('1.4.post1', '>=1.4')).toBe(true);
  });

  it('treats * and an empty specifier as any final release; refuses bad ones', () => {
    expect(sat('9.9', '*')).toBe(true);
    expect(sat('9.9', '')).toBe(true);
    for (const bad of ['>=', '~=1', '>=1.*', 'latest', '>=1.0;', '=>1.0'])
      expect(parsePep440Specifier(bad)).toBeUndefined();
  });
});
