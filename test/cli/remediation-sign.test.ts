import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRequestSignature, trustedRequestKey } from '../../lib/signing';
import { spawnHale } from '../support/cli';
import { makeRequest } from '../support/requests';

describe('hale remediation sign', () => {
  let dir: string;
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-sign-'));
    fs.writeFileSync(path.join(dir, 'key.pem'), privatePem);
    fs.writeFileSync(
      path.join(dir, 'ed.pem'),
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the request signed with the key; the signature verifies with its public half', async () => {
    const { sign: _sign, ...unsigned } = makeRequest('web-1');
    fs.writeFileSync(path.join(dir, 'req.json'), JSON.stringify(unsigned));
    const run = spawnHale([
      'remediation',
      'sign',
      path.join(dir, 'req.json'),
      '--key',
      path.join(dir, 'key.pem'),
    ]);
    expect((await run.exited).code).toBe(0);
    const signed = JSON.parse(run.output()) as Record<string, unknown>;
    expect(signed.sign).toMatchObject({ algo: 'ecdsa-p256-sha256' });
    expect(checkRequestSignature(signed, [trustedRequestKey(publicPem, 'pub')])).toMatchObject({
      status: 'signed',
    });
  });

  it.each([
    ['a key that is not P-256', ['--key', 'ed.pem'], /not an ECDSA P-256 private key/],
    ['no --key', [], /sign needs --key/],
    ['a missing key file', ['--key', 'nope.pem'], /--key .*nope\.pem/],
  ])('exits 2 with %s', async (_name, flags, message) => {
    fs.writeFileSync(path.join(dir, 'req.json'), JSON.stringify(makeRequest('web-1')));
    const run = spawnHale([
      'remediation',
      'sign',
      path.join(dir, 'req.json'),
      ...flags.map((f) => (f.endsWith('.pem') ? path.join(dir, f) : f)),
    ]);
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toMatch(message);
    expect(run.output()).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 2 naming the field when the request is not a valid remediation.request.v1', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...makeRequest('web-1'), ops: [] }));
    const run = spawnHale([
      'remediation',
      'sign',
      path.join(dir, 'bad.json'),
      '--key',
      path.join(dir, 'key.pem'),
    ]);
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toMatch(/\/ops/);
  });
});
