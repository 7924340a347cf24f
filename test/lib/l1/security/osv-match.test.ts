import path from 'node:path';
import { buildOsvSnapshot, loadOsvSnapshotFile, matchOsv, type OsvSnapshot } from '../../../../lib/l1';
import { parseLock } from '../../../../lib/l1/lockfile';
import { cvss3BaseScore } from '../../../../lib/l1/security/severity';
import { fixtures, packageLock, requirementsLock, type NpmPin } from '../helpers';

const snapshotFile = path.join(fixtures, 'osv', 'snapshot.json');

function pypi(pins: [string, string][]) {
  return parseLock('requirements.lock', requirementsLock(pins));
}
function npm(pins: NpmPin[]) {
  return parseLock('package-lock.json', packageLock(pins));
}

describe('OSV snapshot matching (hand-written OSV fixture)', () => {
  let snapshot: OsvSnapshot;
  beforeAll(async () => {
    snapshot = await loadOsvSnapshotFile(snapshotFile);
  });
  const ids = (m: ReturnType<typeof matchOsv>) =>
    m.map((x) => `${x.record.id} ${x.package}@${x.version} ${x.how}`);

  it('reads every record but the withdrawn one', () => {
    expect(snapshot.records).toBe(7);
    expect(snapshot.byPackage.has('PyPI:requests')).toBe(false);
  });

  it('ECOSYSTEM range with fixed: affected below, not at or above the fix (names PEP 503-normalised)', () => {
    expect(ids(matchOsv(pypi([['jinja2', '2.10.1']]), 'PyPI', snapshot))).toEqual([
      'HALE-TEST-0001 jinja2@2.10.1 range',
    ]);
    expect(
      matchOsv(
        pypi([
          ['Jinja2', '2.11.3'],
          ['jinja2-time', '0.2.0'],
        ]),
        'PyPI',
        snapshot,
      ),
    ).toEqual([]);
  });

  it('last_affected is inclusive; versions after it are clean; before introduced is clean', () => {
    expect(ids(matchOsv(pypi([['urllib3', '1.26.4']]), 'PyPI', snapshot))).toEqual([
      'HALE-TEST-0002 urllib3@1.26.4 range',
    ]);
    expect(matchOsv(pypi([['urllib3', '1.26.5']]), 'PyPI', snapshot)).toEqual([]);
    expect(matchOsv(pypi([['urllib3', '1.24.3']]), 'PyPI', snapshot)).toEqual([]);
  });

  it('explicit versions[] match exactly (PEP 440 equality), others do not', () => {
    expect(ids(matchOsv(pypi([['pyyaml', '5.3.1']]), 'PyPI', snapshot))).toEqual([
      'HALE-TEST-0003 pyyaml@5.3.1 versions',
    ]);
    expect(ids(matchOsv(pypi([['pyyaml', '5.3.0']]), 'PyPI', snapshot))).toEqual([
      'HALE-TEST-0003 pyyaml@5.3.0 versions',
    ]);
    expect(matchOsv(pypi([['pyyaml', '5.4']]), 'PyPI', snapshot)).toEqual([]);
  });

  it('SEMVER ranges for npm, including two ranges with a clean gap between them', () => {
    expect(ids(matchOsv(npm([{ name: 'lodash', version: '4.17.20' }]), 'npm', snapshot))).toEqual([
      'HALE-TEST-0004 lodash@4.17.20 range',
    ]);
    expect(matchOsv(npm([{ name: 'lodash', version: '4.17.21' }]), 'npm', snapshot)).toEqual([]);
    const minimist = (version: string) =>
      matchOsv(npm([{ name: 'minimist', version }]), 'npm', snapshot).length;
    expect([
      minimist('0.2.3'),
      minimist('0.2.4'),
      minimist('0.9.0'),
      minimist('1.2.5'),
      minimist('1.2.6'),
    ]).toEqual([1, 0, 0, 1, 0]);
  });

  it('a range starting at a pre-release covers it and later releases, ecosystems do not mix', () => {
    expect(matchOsv(pypi([['flask', '2.0.0rc1']]), 'PyPI', snapshot)).toHaveLength(1);
    expect(matchOsv(pypi([['flask', '2.0.0b1']]), 'PyPI', snapshot)).toHaveLength(0);
    expect(matchOsv(npm([{ name: 'jinja2', version: '2.10.1' }]), 'npm', snapshot)).toEqual([]);
  });

  it('a range that cannot be compared is reported as unevaluable', () => {
    const odd = buildOsvSnapshot(
      [
        {
          name: 'odd.json',
          text: JSON.stringify({
            id: 'ODD-1',
            affected: [
              {
                package: { ecosystem: 'npm', name: 'left-pad' },
                ranges: [{ type: 'SEMVER', events: [{ introduced: 'not-a-version' }] }],
              },
            ],
          }),
        },
      ],
      'odd',
    );
    expect(matchOsv(npm([{ name: 'left-pad', version: '1.3.0' }]), 'npm', odd)[0]?.how).toBe('unevaluable');
  });

  it('scores CVSS v3.1 vectors', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H')).toBe(7.2);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).toBe(6.1);
    expect(cvss3BaseScore('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N')).toBe(0);
    expect(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeUndefined();
  });

  it('refuses a broken snapshot, naming the file and the JSON pointer', () => {
    const text = JSON.stringify([
      {
        id: 'A-1',
        affected: [
          {
            package: { ecosystem: 'PyPI', name: 'x' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      },
    ]);
    expect(() => buildOsvSnapshot([{ name: 'bad.json', text }], 'bad')).toThrow(
      expect.objectContaining({
        code: 'OSV_SNAPSHOT_INVALID',
        details: { source: 'bad.json', pointer: '/0/affected/0/ranges/0/events/0' },
      }),
    );
    expect(() => buildOsvSnapshot([{ name: 'x.json', text: '{' }], 'x')).toThrow(
      expect.objectContaining({ code: 'OSV_SNAPSHOT_INVALID' }),
    );
  });
});
