import fs from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import {
  buildOsvSnapshot,
  createSecurityVoter,
  loadOsvSnapshotFile,
  loadOsvSnapshotFromStore,
  matchOsv,
  type OsvSnapshot,
} from '../../../../lib/l1';
import { parseLock } from '../../../../lib/l1/lockfile';
import { storeFixture } from '../../artifacts/store/fixture';
import { change, fixtures, never, packageLock, requirementsLock } from '../helpers';

const snapshotFile = path.join(fixtures, 'osv', 'snapshot.json');

function pypi(pins: [string, string][]) {
  return parseLock('requirements.lock', requirementsLock(pins));
}

describe('security voter: dependency scan', () => {
  let snapshot: OsvSnapshot;
  beforeAll(async () => {
    snapshot = await loadOsvSnapshotFile(snapshotFile);
  });
  const lock = (pins: [string, string][]) => ({
    lockfile: { file_name: 'requirements.lock', new: requirementsLock(pins) },
  });

  it('vetoes a HIGH/CRITICAL match with the OSV id in reasons and evidence', async () => {
    const vote = await createSecurityVoter({ osv: snapshot }).vote(
      change(
        lock([
          ['jinja2', '2.10.1'],
          ['requests', '2.32.3'],
        ]),
      ),
      never,
    );
    expect(vote.verdict).toBe('veto');
    expect(vote.reasons[0]).toBe(
      'osv HALE-TEST-0001 (aka CVE-0000-10001) [CRITICAL, CVSS 9.8] affects jinja2 2.10.1 (ECOSYSTEM range introduced 0, fixed 2.11.3): Template sandbox escape (hand-written test record)',
    );
    expect(vote.evidence_refs).toEqual(['osv://HALE-TEST-0001']);
  });

  it('rejects a MODERATE match, notes a LOW one, assumes HIGH when no severity is stated', async () => {
    const voter = createSecurityVoter({ osv: snapshot });
    expect((await voter.vote(change(lock([['urllib3', '1.26.4']])), never)).verdict).toBe('reject');
    const low = await voter.vote(
      change({
        lockfile: {
          file_name: 'package-lock.json',
          new: packageLock([{ name: 'minimist', version: '1.2.5' }]),
        },
      }),
      never,
    );
    expect(low.verdict).toBe('accept');
    expect(low.evidence_refs).toEqual(['osv://HALE-TEST-0005']);
    const unknown = await voter.vote(change(lock([['flask', '2.1.0']])), never);
    expect(unknown.verdict).toBe('veto');
    expect(unknown.reasons[0]).toContain('[HIGH assumed, none stated]');
    const raised = createSecurityVoter({
      osv: snapshot,
      thresholds: { osv_veto_at: 'CRITICAL', osv_unknown_severity: 'MEDIUM' },
    });
    expect((await raised.vote(change(lock([['flask', '2.1.0']])), never)).verdict).toBe('reject');
  });

  it('accepts a clean lock and rejects when no snapshot is configured', async () => {
    const clean = await createSecurityVoter({ osv: snapshot }).vote(
      change(lock([['jinja2', '3.1.4']])),
      never,
    );
    expect(clean.verdict).toBe('accept');
    expect(clean.reasons).toEqual([
      `osv: 1 locked package(s) against 7 record(s) of ${snapshotFile}, 0 match(es)`,
    ]);
    const none = await createSecurityVoter().vote(change(lock([['jinja2', '3.1.4']])), never);
    expect(none.verdict).toBe('reject');
    expect(none.reasons[0]).toBe('osv scan could not run: no OSV snapshot configured');
  });

  it('reads the snapshot from a config-bundle in the artifact store, verified before use', async () => {
    const f = storeFixture();
    try {
      const tgz = path.join(f.mirror, 'osv-snapshot-2026.12.02.tgz');
      const records = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as { id: string }[];
      await writeTgz(
        tgz,
        records.map((r) => [`osv/${r.id}.json`, JSON.stringify(r)]),
      );
      const store = f.open();
      const [imported] = await store.import(
        [{ file: tgz }],
        { signing: f.signing.privateKey, index: f.index.privateKey },
        f.describe,
      );
      const fromStore = await loadOsvSnapshotFromStore(store, imported?.ref ?? '');
      expect(fromStore).toMatchObject({
        records: 7,
        source: 'local://config-bundle/osv-snapshot/2026.12.02/osv-snapshot-2026.12.02.tgz',
      });
      const vote = await createSecurityVoter({
        osv: () => loadOsvSnapshotFromStore(store, imported?.ref ?? ''),
      }).vote(change(lock([['pyyaml', '5.3.1']])), never);
      expect(vote).toMatchObject({ verdict: 'veto', evidence_refs: ['osv://HALE-TEST-0003'] });
      // a tampered blob is refused by the store; the voter rejects instead of scanning nothing
      fs.writeFileSync(store.paths.blob(imported?.entry.hashes.sha256 ?? ''), 'x');
      const tampered = await createSecurityVoter({
        osv: () => loadOsvSnapshotFromStore(f.open(), imported?.ref ?? ''),
      }).vote(change(lock([['pyyaml', '5.3.1']])), never);
      expect(tampered.verdict).toBe('reject');
      expect(tampered.reasons[0]).toMatch(/^osv scan could not run: /);
    } finally {
      f.dispose();
    }
  });

  it('scans 500 locked packages against a 1,000-record snapshot quickly', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      id: `HALE-PERF-${i}`,
      affected: [
        {
          package: { ecosystem: 'PyPI', name: `pkg-${i % 700}` },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${(i % 5) + 1}.0.0` }] }],
          versions: [`0.${i}.0`],
        },
      ],
      database_specific: { severity: 'HIGH' },
    }));
    const started = Date.now();
    const big = buildOsvSnapshot([{ name: 'perf.json', text: JSON.stringify(records) }], 'perf');
    const built = Date.now() - started;
    const packages = pypi(Array.from({ length: 500 }, (_, i) => [`pkg-${i}`, '2.5.0'] as [string, string]));
    const scanStart = Date.now();
    const matches = matchOsv(packages, 'PyPI', big);
    const scanned = Date.now() - scanStart;
    console.log(
      `OSV: built a 1,000-record snapshot in ${built} ms; scanned 500 packages in ${scanned} ms (${matches.length} matches)`,
    );
    // pkg-i (i < 500) is hit by records i, i+700 (when < 1000); fixed at (i%5)+1 ≥ 3.0.0 affects 2.5.0
    const expected = records.filter((r, i) => i % 700 < 500 && (i % 5) + 1 >= 3).length;
    expect(matches).toHaveLength(expected);
    expect(scanned).toBeLessThan(1000);
  });
});

async function writeTgz(file: string, entries: [string, string][]): Promise<void> {
  const archive = pack();
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  archive.pipe(createGzip()).pipe(out);
  for (const [name, text] of entries) archive.entry({ name }, text);
  archive.finalize();
  await done;
}
