import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from '../../../runner-agents/linux/exec';
import {
  buildLocalRepo,
  installedVersion,
  installFromLocalRepo,
  parsePackageSpec,
  removePackage,
} from '../../../runner-agents/linux/os-packages';
import { makeDeb as makeDebFor, requireRootDebian } from '../../support/debs';

const PKG = 'hale-test-dummy';
const PAYLOAD = `/opt/${PKG}/VERSION`;

const makeDeb = (dir: string, version: string) => makeDebFor(dir, PKG, version);

describe('OS package specs', () => {
  it('requires name=version', () => {
    expect(parsePackageSpec('hale-test-dummy=1:1.0-2~b1')).toEqual({ name: PKG, version: '1:1.0-2~b1' });
    for (const bad of ['hale-test-dummy', 'x=1.0', 'Bad=1', 'a b=1', 'p=1=2', 'p=1;rm']) {
      expect(() => parsePackageSpec(bad)).toThrow(expect.objectContaining({ code: 'OSPKG_SPEC_INVALID' }));
    }
  });
});

describe('OS packages from a local file repository only (real apt/dpkg, root)', () => {
  beforeAll(requireRootDebian);
  let dir: string;
  let repo: string;
  const dpkgQuery = async () => (await exec(['dpkg-query', '-W', PKG])).stdout.trim();
  const cleanUp = async () => {
    await exec(['dpkg', '--purge', PKG]);
  };

  beforeAll(async () => {
    await cleanUp(); // a previous failed run
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-ospkg-'));
    fs.chmodSync(dir, 0o755); // apt reads file: repositories as _apt when it can
    repo = path.join(dir, 'repo');
    const debs = [await makeDeb(dir, '1.0'), await makeDeb(dir, '1.1')];
    const entries = await buildLocalRepo(repo, debs);
    expect(entries.map((e) => `${e.package}=${e.version} ${e.filename}`)).toEqual([
      `${PKG}=1.0 ${PKG}_1.0_all.deb`,
      `${PKG}=1.1 ${PKG}_1.1_all.deb`,
    ]);
  });
  afterAll(async () => {
    await cleanUp();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    expect(await installedVersion(PKG)).toBeUndefined();
    expect(fs.existsSync(PAYLOAD)).toBe(false);
  });

  it('writes a Packages index apt understands, without dpkg-dev', () => {
    const index = fs.readFileSync(path.join(repo, 'Packages'), 'utf8');
    const stanzas = index.trim().split('\n\n');
    expect(stanzas).toHaveLength(2);
    expect(stanzas[0]).toMatch(new RegExp(`^Package: ${PKG}$`, 'm'));
    expect(stanzas[0]).toMatch(/^Filename: \.\/hale-test-dummy_1\.0_all\.deb$/m);
    expect(stanzas[0]).toMatch(/^SHA256: [0-9a-f]{64}$/m);
    expect(stanzas[1]).toMatch(/^Version: 1\.1$/m);
  });

  it('a dry run resolves against the local repo only and changes nothing', async () => {
    const state = path.join(dir, 'apt-dry');
    const r = await installFromLocalRepo({
      repoDir: repo,
      packages: [`${PKG}=1.0`],
      dryRun: true,
      stateDir: state,
    });
    expect(r.simulated.join('\n')).toContain(`Inst ${PKG} (1.0`);
    expect(r.installed[PKG]).toBeUndefined();
    expect(r.sourcesList.content).toBe(`deb [trusted=yes] file:${repo} ./\n`);
    expect(fs.readFileSync(r.sourcesList.file, 'utf8').trim().split('\n')).toEqual([
      `deb [trusted=yes] file:${repo} ./`,
    ]);
    expect(r.commands.update).toEqual(expect.arrayContaining(['Dir::Etc::sourceparts=-']));
    expect(r.commands.install.slice(0, 4)).toEqual(['apt-get', 'install', '-y', '--no-install-recommends']);
    // Only our repository's index was fetched into the private lists directory (apt may recompress it).
    const lists = fs.readdirSync(path.join(state, 'lists')).filter((f) => f.includes('_Packages'));
    expect(lists).toHaveLength(1);
    expect(lists[0]).toContain(repo.replace(/^\//, '').replace(/\//g, '_'));
  });

  it('installs 1.0, upgrades to 1.1, rolls back to 1.0 and removes', async () => {
    const first = await installFromLocalRepo({ repoDir: repo, packages: [`${PKG}=1.0`] });
    expect(first.installed[PKG]).toBe('1.0');
    expect(await dpkgQuery()).toBe(`${PKG}\t1.0`);
    expect(fs.readFileSync(PAYLOAD, 'utf8')).toBe('1.0\n');

    await installFromLocalRepo({ repoDir: repo, packages: [`${PKG}=1.1`] });
    expect(await dpkgQuery()).toBe(`${PKG}\t1.1`);
    expect(fs.readFileSync(PAYLOAD, 'utf8')).toBe('1.1\n');

    await expect(installFromLocalRepo({ repoDir: repo, packages: [`${PKG}=1.0`] })).rejects.toMatchObject({
      code: 'OSPKG_INSTALL_FAILED', // a downgrade must be asked for
    });
    const back = await installFromLocalRepo({
      repoDir: repo,
      packages: [`${PKG}=1.0`],
      allowDowngrades: true,
    });
    expect(back.installed[PKG]).toBe('1.0');
    expect(fs.readFileSync(PAYLOAD, 'utf8')).toBe('1.0\n');

    expect(await removePackage(PKG)).toEqual(['dpkg', '-r', PKG]);
    expect(await installedVersion(PKG)).toBeUndefined();
    expect(fs.existsSync(PAYLOAD)).toBe(false);
  });

  it('a version the local repo does not have fails without touching the system', async () => {
    await expect(installFromLocalRepo({ repoDir: repo, packages: [`${PKG}=9.9`] })).rejects.toMatchObject({
      code: 'OSPKG_INSTALL_FAILED',
    });
    await expect(installFromLocalRepo({ repoDir: repo, packages: ['coreutils=1.0'] })).rejects.toMatchObject({
      code: 'OSPKG_INSTALL_FAILED', // other sources are not consulted
    });
    expect(await installedVersion(PKG)).toBeUndefined();
  });
});
