import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import type { HaleConfig } from '../lib/config';
import { HaleError } from '../lib/errors';

/**
 * The demo's request signing key: an ECDSA P-256 pair whose public half is the first file of
 * hale.yaml `pipeline.request_keys` (created with it when missing, the private key beside it as
 * `<name>.pem`, mode 0600). Returns the private key PEM, which never leaves this process.
 */
export function ensureDemoRequester(config: HaleConfig): string {
  const pub = config.pipeline.requestKeys[0];
  if (!pub)
    throw new HaleError(
      'CONFIG_INVALID',
      'the demo signs its requests: list a key in pipeline.request_keys',
      {
        details: { file: config.configFile, field: 'pipeline.request_keys' },
      },
    );
  const priv = pub.replace(/\.pub$/, '') + '.pem';
  if (!fs.existsSync(priv) && fs.existsSync(pub))
    throw new HaleError(
      'CONFIG_INVALID',
      `${pub} exists but its private key ${priv} does not: the demo cannot sign`,
      {
        details: { file: config.configFile, field: 'pipeline.request_keys' },
      },
    );
  if (!fs.existsSync(priv)) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fs.mkdirSync(path.dirname(pub), { recursive: true });
    fs.writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
      mode: 0o600,
    });
    fs.writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  return fs.readFileSync(priv, 'utf8');
}
