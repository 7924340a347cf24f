import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildPolicyBundle,
  generatePolicyKeyPair,
  policyCapabilitiesFile,
  policySourceDir,
} from '../../../lib/policy';
import { buildSigned, opaBinary, rejection, tempDir, unpack, type SignedBundle } from './support';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('buildPolicyBundle (opa build -t wasm --capabilities, signed)', () => {
  let dir: string;
  let built: SignedBundle;

  beforeAll(async () => {
    dir = tempDir();
    built = await buildSigned(dir, { revision: 'rev-42' });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a wasm bundle with relative names, the manifest, data and a signature, and no tests', async () => {
    const files = await unpack(built.bytes);
    const names = [...files.keys()].sort();
    expect(names).toEqual(
      expect.arrayContaining([
        '.manifest',
        '.signatures.json',
        'data.json',
        'policy.wasm',
        'hale/governance/decision.rego',
      ]),
    );
    expect(names.filter((n) => n.endsWith('_test.rego'))).toEqual([]);
    expect(names.filter((n) => n.includes(repoRoot) || n.includes('/tmp/'))).toEqual([]);
    const manifest = JSON.parse((files.get('.manifest') as Buffer).toString()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      revision: 'rev-42',
      roots: ['hale'],
      rego_version: 1,
      wasm: [{ entrypoint: 'hale/governance/decision', module: '/policy.wasm' }],
    });
    const data = JSON.parse((files.get('data.json') as Buffer).toString()) as { hale: { config: object } };
    expect(Object.keys(data.hale.config)).toEqual(
      expect.arrayContaining(['environments', 'data_classes', 'freezes']),
    );
    console.log(`opa build (wasm, signed): ${built.buildMs} ms, ${built.bytes.length} bytes`);
  });

  it('fails at build time for a builtin the wasm SDK lacks (time.now_ns)', async () => {
    const src = path.join(dir, 'clock-src');
    fs.cpSync(policySourceDir(), src, { recursive: true });
    fs.writeFileSync(
      path.join(src, 'hale', 'governance', 'clock.rego'),
      'package hale.governance\n\nnow_ns := time.now_ns()\n',
    );
    const err = await rejection(buildSigned(dir, { sourceDir: src }));
    expect(err.code).toBe('POLICY_BUILD_FAILED');
    expect(String(err.details?.output)).toMatch(/undefined function time\.now_ns/);
  });

  it('fails at build time for http.send and for rand.intn (left out: decisions must be reproducible)', async () => {
    for (const [name, expr] of [
      ['http', 'http.send({"method": "GET", "url": "http://x"})'],
      ['rand', 'rand.intn("x", 10)'],
    ]) {
      const src = path.join(dir, `${name}-src`);
      fs.cpSync(policySourceDir(), src, { recursive: true });
      fs.writeFileSync(
        path.join(src, 'hale', 'governance', `${name}.rego`),
        `package hale.governance\n\nx := ${expr}\n`,
      );
      const err = await rejection(buildSigned(dir, { sourceDir: src }));
      expect(err.code).toBe('POLICY_BUILD_FAILED');
      expect(String(err.details?.output)).toMatch(/undefined function/);
    }
  });

  it('reports a bad signing key and a missing opa as POLICY_BUILD_FAILED', async () => {
    const opts = { outFile: path.join(dir, 'x.tar.gz'), keyId: 'k' };
    const badKey = await rejection(
      buildPolicyBundle({ ...opts, opa: await opaBinary(), signingKeyPem: 'not a key' }),
    );
    expect(badKey.code).toBe('POLICY_BUILD_FAILED');
    const noOpa = await rejection(
      buildPolicyBundle({
        ...opts,
        opa: path.join(dir, 'no-opa'),
        signingKeyPem: generatePolicyKeyPair().privateKeyPem,
      }),
    );
    expect(noOpa.code).toBe('POLICY_BUILD_FAILED');
  });
});

describe('infra/policy/capabilities.json', () => {
  const capabilities = JSON.parse(fs.readFileSync(policyCapabilitiesFile(), 'utf8')) as {
    builtins: { name: string }[];
    features: string[];
  };

  it('is what scripts/gen-policy-capabilities.js derives from the installed wasm SDK', () => {
    const script = path.join(repoRoot, 'scripts', 'gen-policy-capabilities.js');
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
    expect(fs.readFileSync(policyCapabilitiesFile(), 'utf8')).toBe(fresh);
  });

  it('lists only builtins the SDK implements, and no clock, network or randomness', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sdkFile } = require(path.join(repoRoot, 'scripts', 'gen-policy-capabilities.js')) as {
      sdkFile: string;
    };
    const sdk = JSON.parse(fs.readFileSync(sdkFile, 'utf8')) as { builtins: { name: string }[] };
    const sdkNames = new Set(sdk.builtins.map((b) => b.name));
    const names = capabilities.builtins.map((b) => b.name);
    expect(names.filter((n) => !sdkNames.has(n))).toEqual([]);
    expect(
      names.filter((n) => /^(time\.now_ns|http\.|net\.lookup|rand\.|opa\.runtime|crypto\.)/.test(n)),
    ).toEqual([]);
    expect(capabilities.features).toEqual(['rego_v1']);
  });
});
