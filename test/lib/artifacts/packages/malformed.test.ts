import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { inspectPackage } from '../../../../lib/artifacts/packages';
import { inspectDeb } from '../../../../lib/artifacts/packages/deb';
import { readZip } from '../../../../lib/artifacts/packages/zip';
import { writeStoredZip } from './zip-writer';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/artifacts/packages');
const SIX = path.join(FIXTURES, 'six-1.16.0-py2.py3-none-any.whl');
const RECORD = 'six-1.16.0.dist-info/RECORD';

let dir: string;
let sixEntries: { name: string; data: Buffer }[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hale-packages-'));
  const entries = await readZip(SIX, () => true);
  sixEntries = [...entries.values()].map((e) => ({ name: e.name, data: e.content ?? Buffer.alloc(0) }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeWheel(
  edit: (entries: { name: string; data: Buffer }[]) => { name: string; data: Buffer }[],
  fileName = 'six-1.16.0-py2.py3-none-any.whl',
): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}`, fileName);
  await mkdir(path.dirname(file));
  await writeFile(file, writeStoredZip(edit(sixEntries.map((e) => ({ ...e })))));
  return file;
}

const recordText = (entries: { name: string; data: Buffer }[]): string =>
  entries.find((e) => e.name === RECORD)?.data.toString('utf8') ?? '';

async function codeOf(
  promise: Promise<unknown>,
): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

describe('wheel RECORD verification', () => {
  it('accepts an untouched rewrite of the real wheel', async () => {
    const file = await writeWheel((e) => e);
    await expect(inspectPackage(file)).resolves.toMatchObject({ name: 'six', version: '1.16.0' });
  });

  it('a changed file whose RECORD line was not updated is PACKAGE_RECORD_MISMATCH naming it', async () => {
    const file = await writeWheel((entries) =>
      entries.map((e) =>
        e.name === 'six.py' ? { ...e, data: Buffer.concat([e.data, Buffer.from('#')]) } : e,
      ),
    );
    const err = await codeOf(inspectPackage(file));
    expect(err.code).toBe('PACKAGE_RECORD_MISMATCH');
    expect(err.details).toMatchObject({ entry: 'six.py', rule: 'sha256 digest differs' });
  });

  it('a wrong hash in RECORD is PACKAGE_RECORD_MISMATCH naming the file', async () => {
    const file = await writeWheel((entries) =>
      entries.map((e) =>
        e.name === RECORD
          ? {
              ...e,
              data: Buffer.from(
                recordText(entries).replace(/^six\.py,sha256=[^,]+/m, `six.py,sha256=${'A'.repeat(43)}`),
              ),
            }
          : e,
      ),
    );
    const err = await codeOf(inspectPackage(file));
    expect(err.code).toBe('PACKAGE_RECORD_MISMATCH');
    expect(err.details.entry).toBe('six.py');
  });

  it('a file missing from RECORD, and a RECORD line without its file, are both mismatches', async () => {
    const extra = await writeWheel((entries) => [
      ...entries,
      { name: 'evil.pth', data: Buffer.from('import os') },
    ]);
    expect((await codeOf(inspectPackage(extra))).details).toMatchObject({ entry: 'evil.pth' });
    const missing = await writeWheel((entries) => entries.filter((e) => e.name !== 'six.py'));
    const err = await codeOf(inspectPackage(missing));
    expect(err.code).toBe('PACKAGE_RECORD_MISMATCH');
    expect(err.details).toMatchObject({ entry: 'six.py' });
  });

  it('a wrong size in RECORD is a mismatch', async () => {
    const file = await writeWheel((entries) =>
      entries.map((e) =>
        e.name === RECORD
          ? { ...e, data: Buffer.from(recordText(entries).replace(/,34549$/m, ',34548')) }
          : e,
      ),
    );
    expect((await codeOf(inspectPackage(file))).code).toBe('PACKAGE_RECORD_MISMATCH');
  });

  it('file name and METADATA must agree (PEP 427 / PEP 503)', async () => {
    const file = await writeWheel((e) => e, 'seven-1.16.0-py2.py3-none-any.whl');
    expect((await codeOf(inspectPackage(file))).code).toBe('PACKAGE_MALFORMED');
    const badName = await writeWheel((e) => e, 'six-1.16.0-py3-none.whl');
    expect((await codeOf(inspectPackage(badName))).code).toBe('PACKAGE_MALFORMED');
  });
});

describe('truncated and corrupt artifacts are PACKAGE_MALFORMED', () => {
  async function truncated(name: string): Promise<string> {
    const data = await readFile(path.join(FIXTURES, name));
    const file = path.join(dir, name);
    await writeFile(file, data.subarray(0, Math.floor(data.length / 2)));
    return file;
  }

  it.each(['six-1.16.0-py2.py3-none-any.whl', 'is-odd-3.0.1.tgz', 'libpopt0_1.19+dfsg-1_amd64.deb'])(
    '%s cut in half',
    async (name) => {
      const err = await codeOf(inspectPackage(await truncated(name)));
      expect(err.code).toBe('PACKAGE_MALFORMED');
      expect(String(err.details.file)).toContain(name);
    },
  );

  it('a .deb whose control.tar.xz is garbage', async () => {
    const deb = await readFile(path.join(FIXTURES, 'libpopt0_1.19+dfsg-1_amd64.deb'));
    const at = deb.indexOf('control.tar.xz') + 60;
    const broken = Buffer.from(deb);
    broken.fill(0x41, at + 10, at + 200);
    const file = path.join(dir, 'broken_1.0_amd64.deb');
    await writeFile(file, broken);
    expect((await codeOf(inspectPackage(file))).code).toBe('PACKAGE_MALFORMED');
  });

  it('a missing xz binary is PACKAGE_TOOL_MISSING, not a crash', async () => {
    const err = await codeOf(
      inspectDeb(path.join(FIXTURES, 'libpopt0_1.19+dfsg-1_amd64.deb'), { xz: path.join(dir, 'no-such-xz') }),
    );
    expect(err.code).toBe('PACKAGE_TOOL_MISSING');
  });
});

async function writeTarGz(file: string, entries: { name: string; body: string }[]): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  await writeFile(file, zlib.gzipSync(Buffer.concat(chunks)));
}

describe('config bundles and snapshots', () => {
  it('lists the files of a config bundle; name and version come from the caller', async () => {
    const file = path.join(dir, 'nginx-conf.tar.gz');
    await writeTarGz(file, [
      { name: 'nginx/nginx.conf', body: 'worker_processes 1;\n' },
      { name: 'nginx/mime.types', body: 'types {}\n' },
    ]);
    const info = await inspectPackage(file, { kind: 'config-bundle', name: 'nginx-conf', version: '7' });
    expect(info).toMatchObject({ kind: 'config-bundle', name: 'nginx-conf', version: '7', dependencies: [] });
    expect(info.purl).toBe('pkg:generic/nginx-conf@7?kind=config-bundle');
    expect(info.files?.map((f) => f.path)).toEqual(['nginx/mime.types', 'nginx/nginx.conf']);
    expect((await codeOf(inspectPackage(file, { kind: 'config-bundle' }))).code).toBe(
      'ARTIFACT_INPUT_INVALID',
    );
    expect((await codeOf(inspectPackage(file))).code).toBe('PACKAGE_MALFORMED');
  });

  it('refuses entries that escape the bundle', async () => {
    const file = path.join(dir, 'escape.tar.gz');
    await writeTarGz(file, [{ name: '../etc/passwd', body: 'x' }]);
    const err = await codeOf(inspectPackage(file, { kind: 'config-bundle', name: 'x', version: '1' }));
    expect(err.code).toBe('PACKAGE_MALFORMED');
  });

  it('takes a snapshot as opaque bytes; unknown names need a kind', async () => {
    const file = path.join(dir, 'db.snap');
    await writeFile(file, 'snapshot bytes');
    await expect(
      inspectPackage(file, { kind: 'snapshot', name: 'db', version: '2026-01-01' }),
    ).resolves.toMatchObject({
      kind: 'snapshot',
      purl: 'pkg:generic/db@2026-01-01?kind=snapshot',
    });
    expect((await codeOf(inspectPackage(file))).code).toBe('ARTIFACT_INPUT_INVALID');
    expect((await codeOf(inspectPackage(path.join(dir, 'absent.whl')))).code).toBe('ARTIFACT_NOT_FOUND');
  });
});
