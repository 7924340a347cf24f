import { createHash } from 'node:crypto';
import path from 'node:path';
import { PolicyError } from './errors';
import { JsonSyntaxError, opaJsonHash } from './json-hash';
import { verifyBundleJwt, type SignedFile } from './jwt';
import type { PolicyTrust } from './keys';
import { GOVERNANCE_ENTRYPOINT } from './paths';
import { bundlePath, readBundleTarGz, type BundleLimits } from './tar';

/** A bundle whose signature and every file hash verified; only these are ever evaluated. */
export interface VerifiedPolicyBundle {
  /** The .tar.gz exactly as verified (what the emergency cache keeps). */
  bytes: Buffer;
  /** `sha256:<hex>` of `bytes`. */
  sha256: string;
  keyId: string;
  /** The manifest's revision (`''` when the build set none). */
  revision: string;
  wasm: Buffer;
  data: unknown;
  entrypoint: string;
  /** Every file the signature covers, sorted. */
  files: string[];
  /** When this process verified it (ISO 8601). */
  verifiedAt: string;
}

export interface VerifyOptions {
  entrypoint?: string;
  limits?: BundleLimits;
  now?: () => Date;
}

const SIGNATURES = '.signatures.json';
const HASHES: Readonly<Record<string, string>> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function invalid(message: string, cause?: unknown): PolicyError {
  return new PolicyError('POLICY_BUNDLE_INVALID', `policy bundle: ${message}`, { cause });
}

/** The one JWT of `.signatures.json`; no file or no JWT = unsigned. */
function signatureToken(files: Map<string, Buffer>): string {
  const raw = files.get(SIGNATURES);
  if (raw === undefined)
    throw new PolicyError('POLICY_BUNDLE_UNSIGNED', 'policy bundle has no .signatures.json');
  let doc: { signatures?: unknown; plugin?: unknown };
  try {
    doc = JSON.parse(raw.toString('utf8')) as typeof doc;
  } catch (err) {
    throw invalid('.signatures.json is not JSON', err);
  }
  const list = Array.isArray(doc?.signatures) ? (doc.signatures as unknown[]) : [];
  if (list.length === 0)
    throw new PolicyError('POLICY_BUNDLE_UNSIGNED', 'policy bundle .signatures.json holds no JWT');
  if (list.length > 1 || typeof list[0] !== 'string')
    throw invalid('.signatures.json must hold exactly one JWT');
  if (doc.plugin !== undefined && doc.plugin !== '_default') {
    throw invalid(
      `.signatures.json names signing plugin ${String(doc.plugin)}; only OPA's default is supported`,
    );
  }
  return list[0];
}

/** OPA's digest of one bundle file: structured documents by content, everything else by bytes. */
function fileDigest(name: string, content: Buffer, algorithm: string): string {
  const base = path.posix.basename(name);
  if (base === 'data.yaml' || base === 'data.yml') throw invalid(`${name}: YAML data is not supported`);
  if (base !== 'data.json' && base !== '.manifest')
    return createHash(algorithm).update(content).digest('hex');
  try {
    return opaJsonHash(content, algorithm).toString('hex');
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw invalid(`${name} is not JSON: ${err.message}`, err);
    throw err;
  }
}

function checkFiles(files: Map<string, Buffer>, signed: SignedFile[]): string[] {
  const listed = new Map<string, SignedFile>();
  for (const file of signed) {
    const name = bundlePath(file.name);
    if (listed.has(name)) throw invalid(`the signature lists ${name} twice`);
    listed.set(name, file);
  }
  const present = [...files.keys()].filter((n) => n !== SIGNATURES).sort();
  for (const name of present) {
    const entry = listed.get(name);
    if (!entry) {
      throw new PolicyError(
        'POLICY_FILE_UNSIGNED',
        `policy bundle file ${name} is not covered by the signature`,
        {
          details: { file: name },
        },
      );
    }
    const algorithm = HASHES[entry.algorithm];
    if (!algorithm) throw invalid(`${name}: unsupported hash algorithm ${entry.algorithm}`);
    const actual = fileDigest(name, files.get(name) as Buffer, algorithm);
    if (actual !== entry.hash.toLowerCase()) {
      throw new PolicyError('POLICY_FILE_HASH_MISMATCH', `policy bundle file ${name}: digest mismatch`, {
        details: { file: name, expected: entry.hash, actual },
      });
    }
  }
  const missing = [...listed.keys()].filter((n) => !files.has(n)).sort();
  if (missing.length > 0) {
    throw new PolicyError('POLICY_FILE_MISSING', `policy bundle lacks signed file ${missing[0]}`, {
      details: { file: missing[0], missing },
    });
  }
  return present;
}

function parseJson(files: Map<string, Buffer>, name: string): unknown {
  const raw = files.get(name);
  if (raw === undefined) throw invalid(`no ${name}`);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw invalid(`${name} is not JSON`, err);
  }
}

/** The wasm module and revision the manifest names for `entrypoint`. */
function fromManifest(files: Map<string, Buffer>, entrypoint: string): { wasm: Buffer; revision: string } {
  const manifest = parseJson(files, '.manifest') as {
    revision?: unknown;
    wasm?: unknown;
    rego_version?: unknown;
  };
  const modules = Array.isArray(manifest?.wasm)
    ? (manifest.wasm as { entrypoint?: unknown; module?: unknown }[])
    : [];
  const entry = modules.find((m) => m?.entrypoint === entrypoint);
  if (!entry || typeof entry.module !== 'string')
    throw invalid(`the manifest has no wasm module for ${entrypoint}`);
  const wasm = files.get(bundlePath(entry.module));
  if (!wasm) throw invalid(`the manifest names ${entry.module}, which the bundle lacks`);
  if (manifest.rego_version !== undefined && manifest.rego_version !== 1)
    throw invalid('the bundle is not Rego v1');
  return { wasm, revision: typeof manifest.revision === 'string' ? manifest.revision : '' };
}

/**
 * Verifies an OPA bundle (.tar.gz) the way OPA would before activating it — which the wasm SDK never
 * does: exactly one JWT in `.signatures.json`, signed by a trusted key; every other file listed with
 * a matching hash; every listed file present. Then checks it is a wasm bundle for `entrypoint`.
 */
export async function verifyPolicyBundle(
  bytes: Uint8Array,
  trust: PolicyTrust,
  opts: VerifyOptions = {},
): Promise<VerifiedPolicyBundle> {
  const buffer = Buffer.from(bytes);
  const files = await readBundleTarGz(buffer, opts.limits);
  const claims = verifyBundleJwt(signatureToken(files), trust);
  const covered = checkFiles(files, claims.files);
  const entrypoint = opts.entrypoint ?? GOVERNANCE_ENTRYPOINT;
  const { wasm, revision } = fromManifest(files, entrypoint);
  return {
    bytes: buffer,
    sha256: `sha256:${createHash('sha256').update(buffer).digest('hex')}`,
    keyId: claims.keyId,
    revision,
    wasm,
    data: files.has('data.json') ? parseJson(files, 'data.json') : {},
    entrypoint,
    files: covered,
    verifiedAt: (opts.now?.() ?? new Date()).toISOString(),
  };
}
