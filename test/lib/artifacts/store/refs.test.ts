import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArtifactError } from '../../../../lib/artifacts/errors';
import { formatLocalRef, parseLocalRef, resolveInside } from '../../../../lib/artifacts/store/refs';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof ArtifactError ? err.code : `other: ${String(err)}`;
  }
};

describe('local:// references', () => {
  it('parses path and digest references and formats them back', () => {
    const hex = 'ab'.repeat(32);
    expect(parseLocalRef(`local://sha256:${hex}`)).toEqual({ by: 'digest', sha256: hex });
    expect(parseLocalRef(`local://sha256/${hex}`)).toEqual({ by: 'digest', sha256: hex });
    const p = 'python-wheel/demo-api/1.0.1/demo_api-1.0.1-py3-none-any.whl';
    expect(parseLocalRef(`local://${p}`)).toEqual({ by: 'path', path: p });
    expect(formatLocalRef({ path: p })).toBe(`local://${p}`);
    expect(formatLocalRef({ sha256: hex })).toBe(`local://sha256:${hex}`);
  });

  it.each([
    ['local://python-wheel/../../etc/passwd', '".." segments'],
    ['local://python-wheel/a/./b', '"." and'],
    ['local:///etc/passwd', 'absolute'],
    ['local://python-wheel/a/1.0/%2e%2e', 'percent-encoding'],
    ['local://python-wheel\\a\\1.0\\x.whl', 'backslashes'],
    ['local://python-wheel/a//x.whl', 'empty path segments'],
    ['local://python-wheel/a/1.0/x\u0000.whl', 'printable ASCII'],
    ['local://python-wheel/a/1.0/x\u2024\u2024.whl', 'printable ASCII'],
    ['local://python-wheel/a/1.0/x y.whl', 'printable ASCII'],
    ['file:///etc/passwd', 'must start with local://'],
    ['local://python-wheel/a/x.whl', '<kind>/<name>/<version>/<file>'],
    ['local://sha256:ABCD', 'sha256:<64 lowercase hex digits>'],
    ['local://kind/-name/1.0/f', 'outside [A-Za-z0-9._+~-]'],
    [`local://${'a/'.repeat(600)}`, 'longer than'],
  ])('refuses %j (%s)', (ref, rule) => {
    expect(codeOf(() => parseLocalRef(ref))).toBe('ARTIFACT_REF_INVALID');
    expect(() => parseLocalRef(ref)).toThrow(rule);
  });

  it('refuses a symbolic link inside the store that points outside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-refs-'));
    try {
      const root = path.join(dir, 'store');
      fs.mkdirSync(path.join(root, 'blobs'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'secret'), 's');
      fs.writeFileSync(path.join(root, 'blobs', 'inside'), 'i');
      fs.symlinkSync(path.join(dir, 'secret'), path.join(root, 'blobs', 'escape'));
      fs.symlinkSync(path.join(root, 'blobs', 'inside'), path.join(root, 'blobs', 'alias'));
      expect(resolveInside(root, 'blobs/inside')).toBe(fs.realpathSync(path.join(root, 'blobs', 'inside')));
      expect(resolveInside(root, 'blobs/alias')).toBe(fs.realpathSync(path.join(root, 'blobs', 'inside')));
      expect(codeOf(() => resolveInside(root, 'blobs/escape'))).toBe('ARTIFACT_REF_INVALID');
      expect(codeOf(() => resolveInside(root, '../secret'))).toBe('ARTIFACT_REF_INVALID');
      expect(codeOf(() => resolveInside(root, 'blobs/missing'))).toBe('ARTIFACT_NOT_FOUND');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
