import fs from 'node:fs';
import path from 'node:path';
import { generatePolicyKeyPair, opaJsonHash } from '../../../lib/policy';
import { runOpa } from '../../../lib/policy/opa-cli';
import { opaBinary, tempDir } from './support';

/** Hashes of `data.json` as `opa sign` computes them, read back from the JWT it writes. */
async function opaHashes(
  dir: string,
  docs: Record<string, string | Buffer>,
): Promise<Record<string, string>> {
  const bundle = path.join(dir, 'bundle');
  fs.rmSync(bundle, { recursive: true, force: true });
  for (const [sub, content] of Object.entries(docs)) {
    fs.mkdirSync(path.join(bundle, sub), { recursive: true });
    fs.writeFileSync(path.join(bundle, sub, 'data.json'), content);
  }
  const key = path.join(dir, 'key.pem');
  fs.writeFileSync(key, generatePolicyKeyPair().privateKeyPem);
  const args = [
    'sign',
    '--bundle',
    bundle,
    '--signing-key',
    key,
    '--signing-alg',
    'ES256',
    '--output-file-path',
    dir,
  ];
  const run = await runOpa(await opaBinary(), args, bundle);
  expect(run).toMatchObject({ code: 0 });
  const jwt = (
    JSON.parse(fs.readFileSync(path.join(dir, '.signatures.json'), 'utf8')) as { signatures: string[] }
  ).signatures[0] as string;
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as {
    files: { name: string; hash: string }[];
  };
  // opa names each file by the path it loaded, so key by the directory the document sits in.
  return Object.fromEntries(
    payload.files.map((f) => [path.posix.basename(path.posix.dirname(f.name)), f.hash]),
  );
}

describe('opaJsonHash matches opa (bundle/hash.go) on awkward JSON', () => {
  const docs: Record<string, string | Buffer> = {
    numbers: '{"a": 1.0, "b": 1e3, "c": -0, "d": 12345678901234567890123, "e": 0.1e-7, "f": [1, 1.50]}',
    strings: JSON.stringify({
      html: '<a href="x">&amp;</a>',
      ctl: '\u0001\b\f\n\r\t\u001f\u007f',
      sep: '\u2028\u2029',
    }),
    escapes:
      '{"slash": "a\\/b", "uni": "\\u00e9\\u003c", "pair": "\\ud83d\\ude00", "lone": "x\\ud800y", "q": "\\"\\\\"}',
    order: '{"b": 1, "a": 2, "B": 3, "é": 4, "z": 5, "\uffff": 6, "😀": 7, "": 8, "a1": 9, "a ": 10}',
    nested: '{"x": [[], {}, [{"k": null, "t": true, "f": false}]], "y": {"y": {"y": []}}}',
    dupes: '{"k": 1, "k": 2, "j": 0}',
    bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom": true}')]),
    spacing: ' \n\t{ "a" :\r\n [ 1 , 2 ] } \n',
    scalar: '"just a string"',
  };

  it('for every document', async () => {
    const dir = tempDir();
    try {
      const expected = await opaHashes(dir, docs);
      for (const [name, content] of Object.entries(docs)) {
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        expect([name, opaJsonHash(bytes).toString('hex')]).toEqual([name, expected[name]]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what is not strict JSON in UTF-8', () => {
    for (const bad of [
      '{"a": 01}',
      '{"a": 1,}',
      "{'a': 1}",
      '{"a": 1} x',
      '{"a": "\u0001"}',
      '[1 2]',
      'NaN',
    ]) {
      expect(() => opaJsonHash(Buffer.from(bad))).toThrow(/at character/);
    }
    expect(() => opaJsonHash(Buffer.from([0x22, 0xff, 0x22]))).toThrow(/UTF-8/);
  });
});
