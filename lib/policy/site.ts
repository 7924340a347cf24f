import fs from 'node:fs';
import path from 'node:path';
import type { HaleConfig } from '../config';
import { buildPolicyBundle } from './build';
import { PolicyError } from './errors';
import { generatePolicyKeyPair, publicKeyPemOf, type PolicyTrust } from './keys';

/** Key id of the site's own policy signing key (the built-in bundle). */
export const SITE_POLICY_KEY_ID = 'hale-site-policy';

/** Where the site's built-in bundle and its signing key live. */
export function sitePolicyPaths(dataDir: string) {
  return {
    bundle: path.join(dataDir, 'policy', 'live', 'bundle.tar.gz'),
    signingKey: path.join(dataDir, 'keys', 'policy-signing.pem'),
  };
}

/**
 * The governance bundle this site runs and the keys it trusts.
 * - hale.yaml `pipeline.governance.bundle` set: that signed bundle, trusting the PEM public keys of
 *   `trusted_keys` (ES256), each under its file name without extension as key id (the JWT `kid`).
 * - otherwise: infra/policy built to wasm with `opa` and signed with the site's own ES256 key
 *   (created once under <data_dir>/keys), rebuilt at each start so policy edits take effect.
 *   Without opa nothing is built: a bundle already there is used, else governance is unavailable
 *   and the pipeline runs read-only on the emergency cache.
 */
export async function sitePolicy(
  config: HaleConfig,
  opts: { opa?: () => Promise<string> } = {},
): Promise<{ bundleFile: string; trust: PolicyTrust }> {
  const configured = config.pipeline.governance;
  if (configured.bundle) {
    const keys: PolicyTrust['keys'] = Object.fromEntries(
      configured.trustedKeys.map((file) => [
        path.basename(file).replace(/\.[^.]*$/, ''),
        { algorithm: 'ES256' as const, publicKeyPem: fs.readFileSync(file, 'utf8') },
      ]),
    );
    return { bundleFile: configured.bundle, trust: { keys } };
  }
  const paths = sitePolicyPaths(config.dataDir);
  if (!fs.existsSync(paths.signingKey)) {
    fs.mkdirSync(path.dirname(paths.signingKey), { recursive: true });
    fs.writeFileSync(paths.signingKey, generatePolicyKeyPair('ES256').privateKeyPem, {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const signingKeyPem = fs.readFileSync(paths.signingKey, 'utf8');
  const trust: PolicyTrust = {
    keys: { [SITE_POLICY_KEY_ID]: { algorithm: 'ES256', publicKeyPem: publicKeyPemOf(signingKeyPem) } },
  };
  let opa: string | undefined;
  try {
    opa = await opts.opa?.();
  } catch {
    opa = undefined;
  }
  if (opa) {
    try {
      await buildPolicyBundle({
        opa,
        outFile: paths.bundle,
        signingKeyPem,
        keyId: SITE_POLICY_KEY_ID,
        algorithm: 'ES256',
        revision: `site-${new Date().toISOString()}`,
      });
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      // a failed build leaves the previous bundle (if any) in place; openGovernance decides
    }
  }
  return { bundleFile: paths.bundle, trust };
}
