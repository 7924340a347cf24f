import { createHash, createSign, createVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { ArtifactError } from '../errors';
import { createBundle, serializeBundle } from '../signing';
import { keyIdOf } from '../trust/keys';
import { signerFor, type ArtifactKind, type TrustPolicy } from '../trust/policy';
import type { SeenIndexFile } from '../trust/seen-index';
import {
  checkIndexFreshness,
  parseIndex,
  signIndex,
  verifyIndex,
  type IndexBody,
  type IndexEntry,
  type SignedIndex,
} from '../trust/signed-index';
import { writeFileAtomic } from '../../fs';
import { checkBlob, putBlob, type BlobInfo } from './blobs';
import { storePaths, type StorePaths } from './layout';
import { withStoreLock } from './lock';
import { formatLocalRef, parseLocalRef } from './refs';

export type ArtifactStatus = IndexEntry['status'];

/** What the importer learns about a file before it enters the store. */
export interface Described {
  kind: ArtifactKind;
  name: string;
  version: string;
  /** CycloneDX JSON stored beside the blob (null: none for this kind). */
  sbom: object | null;
}

/** Describes a file once its bytes are in the store (the SBOM names the blob's digests). */
export type Describe = (file: string, blob: BlobInfo & { fileName: string }) => Promise<Described>;

/** Receives every fact worth keeping (the ledger implementation is in ../evidence.ts). */
export interface StoreEvidence {
  imported(path: string, entry: IndexEntry): Promise<void>;
  statusChanged(path: string, entry: IndexEntry, from: ArtifactStatus, reason: string): Promise<void>;
  verifyFailed(ref: string, err: ArtifactError, entry: IndexEntry | undefined): Promise<void>;
  indexPublished(version: number, digest: string, changed: number): Promise<void>;
}

export interface StoreOptions {
  root: string;
  policy: TrustPolicy;
  seen: SeenIndexFile;
  evidence?: StoreEvidence;
  /** Who acts (recorded in provenance and the ledger). */
  actor: string;
  now?: () => Date;
  /** Lifetime of each new index version (default 30 days). */
  indexLifetimeMs?: number;
}

export interface WriterKeys {
  /** Signs artifacts (cosign-compatible). */
  signing: KeyObject;
  /** Signs the index (index role). */
  index: KeyObject;
}

export interface ImportItem {
  file: string;
  /** Where it came from (shown in provenance); default the file path. */
  source?: string;
  /** Index file name; default the base name of `file`. */
  fileName?: string;
}

export interface ImportResult {
  path: string;
  ref: string;
  entry: IndexEntry;
  outcome: 'imported' | 'unchanged' | 'reinstated';
}

export interface UsableArtifact {
  path: string;
  ref: string;
  entry: IndexEntry;
  /** The verified blob in the store (read it now; it is checked, not copied). */
  file: string;
}

const DAY = 24 * 3600 * 1000;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,199}$/;

function segment(value: string, what: string, file: string): string {
  if (!FILE_NAME.test(value) || value === '.' || value === '..') {
    throw new ArtifactError(
      'ARTIFACT_INPUT_INVALID',
      `${file}: ${what} ${JSON.stringify(value)} cannot be part of a store path ([A-Za-z0-9][A-Za-z0-9._+~-]*)`,
      { details: { file, [what]: value } },
    );
  }
  return value;
}

/**
 * The offline artifact store: content-addressed blobs, cosign-compatible signatures, SBOMs and a
 * signed index (docs/artifact-store.md). Readers trust nothing in the directory but what the trust
 * policy's keys signed; writers hold the store lock and publish a new index version per change.
 */
export class ArtifactStore {
  readonly paths: StorePaths;
  private readonly now: () => Date;
  /** The last index text that passed parsing and signature checks (treat as read-only). */
  private verified: { textSha: string; index: SignedIndex; digest: string } | undefined;

  constructor(private readonly opts: StoreOptions) {
    this.paths = storePaths(opts.root);
    this.now = opts.now ?? (() => new Date());
  }

  /** The current index, verified (signatures, rollback, expiry); an absent index is empty. */
  readIndex(): SignedIndex | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.paths.index, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.opts.seen.read()) {
          throw new ArtifactError(
            'INDEX_ROLLBACK',
            `${this.paths.index}: the index is gone, but this client has seen one`,
            {
              details: { file: this.paths.index },
            },
          );
        }
        return undefined;
      }
      throw err;
    }
    // Parsing, schema checks and signatures are done once per distinct index text (keyed by its
    // SHA-256, not by file times); rollback and expiry are checked on every read.
    const textSha = createHash('sha256').update(text).digest('hex');
    const seen = this.opts.seen.read();
    if (this.verified?.textSha === textSha) {
      checkIndexFreshness(this.verified.index, this.verified.digest, { seen, now: this.now() });
      return this.verified.index;
    }
    const index = parseIndex(text, this.paths.index);
    const { digest } = verifyIndex(index, {
      indexKeys: this.opts.policy.indexKeys,
      threshold: this.opts.policy.indexThreshold,
      seen,
      now: this.now(),
    });
    this.opts.seen.advance({ version: index.signed.version, digest });
    this.verified = { textSha, index, digest };
    return index;
  }

  /** Every artifact in the verified index, sorted by path. */
  list(): { path: string; ref: string; entry: IndexEntry }[] {
    const artifacts = this.readIndex()?.signed.artifacts ?? {};
    return Object.keys(artifacts)
      .sort()
      .map((path) => ({ path, ref: formatLocalRef({ path }), entry: artifacts[path] as IndexEntry }));
  }

  /** Finds `ref` (a path or a digest reference) in the verified index. */
  find(ref: string): { path: string; entry: IndexEntry } {
    const parsed = parseLocalRef(ref);
    const artifacts = this.readIndex()?.signed.artifacts ?? {};
    if (parsed.by === 'path') {
      const entry = artifacts[parsed.path];
      if (entry) return { path: parsed.path, entry };
    } else {
      const hit = Object.entries(artifacts).find(([, e]) => e.hashes.sha256 === parsed.sha256);
      if (hit) return { path: hit[0], entry: hit[1] };
    }
    throw new ArtifactError('ARTIFACT_NOT_FOUND', `${ref}: not in the store's index`, { details: { ref } });
  }

  /**
   * The check before every install or launch: the index verifies; the artifact is in it; its status
   * allows this use (bad → never; quarantined → only `sandbox: true`); its signer is allowed by the
   * trust policy for its kind and name; the blob has exactly the index's length and digest; the
   * cosign signature verifies over it (one read of the blob). A signature mismatch is a hard stop:
   * it is reported to `evidence.verifyFailed` (a governance incident) before the error is thrown.
   */
  async verifyForUse(ref: string, use: { sandbox?: boolean } = {}): Promise<UsableArtifact> {
    let found: { path: string; entry: IndexEntry } | undefined;
    try {
      found = this.find(ref);
      const { path, entry } = found;
      if (entry.status === 'bad') {
        throw new ArtifactError(
          'TRUST_STATUS_BLOCKED',
          `${ref}: marked bad${entry.status_reason ? ` (${entry.status_reason})` : ''}; re-import it to use it again`,
          { details: { ref, status: entry.status } },
        );
      }
      if (entry.status === 'quarantined' && !use.sandbox) {
        throw new ArtifactError('TRUST_STATUS_BLOCKED', `${ref}: quarantined; usable only inside a sandbox`, {
          details: { ref, status: entry.status },
        });
      }
      const rule = signerFor(this.opts.policy, entry.key_id, entry.kind, entry.name);
      const verifier = createVerify('sha256');
      const file = await checkBlob(this.paths, { sha256: entry.hashes.sha256, size: entry.length }, (chunk) =>
        verifier.update(chunk),
      );
      if (!verifier.verify(rule.key, Buffer.from(entry.signature, 'base64'))) {
        throw new ArtifactError(
          'SIGNATURE_INVALID',
          `${ref}: the signature does not verify with key ${entry.key_id.slice(0, 16)}… (${rule.source})`,
          { details: { ref, key_id: entry.key_id } },
        );
      }
      return { path, ref: formatLocalRef({ path }), entry, file };
    } catch (err) {
      if (err instanceof ArtifactError && this.opts.evidence) {
        await this.opts.evidence.verifyFailed(ref, err, found?.entry);
      }
      throw err;
    }
  }

  /**
   * Imports files: each is copied in as a blob while it is hashed and signed in the same read, then
   * described (kind, name, version, SBOM), its signature, bundle and SBOM written beside it; then one new
   * index version is signed and published for the whole batch. Nothing is published when any file
   * fails (blobs already copied are harmless: unreferenced content-addressed files).
   */
  async import(
    items: readonly ImportItem[],
    keys: WriterKeys,
    describe: Describe,
    onProgress?: (done: number, total: number, path: string) => void,
  ): Promise<ImportResult[]> {
    const signingKeyId = keyIdOf(keys.signing);
    return withStoreLock(this.paths.lock, async () => {
      const current = this.readIndex();
      const artifacts: Record<string, IndexEntry> = { ...(current?.signed.artifacts ?? {}) };
      const results: ImportResult[] = [];
      for (const [i, item] of items.entries()) {
        const fileName = item.fileName ?? item.file.split(/[\\/]/).pop() ?? '';
        const signer = createSign('sha256');
        const blob = await putBlob(this.paths, item.file, (chunk) => signer.update(chunk));
        const signature = signer.sign(keys.signing).toString('base64');
        const d = await describe(item.file, { ...blob, fileName });
        const path = [
          segment(d.kind, 'kind', item.file),
          segment(d.name, 'name', item.file),
          segment(d.version, 'version', item.file),
          segment(fileName, 'file name', item.file),
        ].join('/');
        // The signer must be allowed for what it signs, or readers would refuse the artifact later.
        signerFor(this.opts.policy, signingKeyId, d.kind, d.name);
        const existing = artifacts[path];
        if (existing && existing.hashes.sha256 !== blob.sha256) {
          throw new ArtifactError(
            'ARTIFACT_INPUT_INVALID',
            `${item.file}: ${path} is already in the store with other content (sha256:${existing.hashes.sha256}); a version is immutable`,
            { details: { file: item.file, path, existing: existing.hashes.sha256, new: blob.sha256 } },
          );
        }
        let sbomSha: string | null = null;
        if (d.sbom) {
          const text = `${JSON.stringify(d.sbom, null, 2)}\n`;
          writeFileAtomic(this.paths.sbom(blob.sha256), text);
          sbomSha = createHash('sha256').update(text).digest('hex');
        }
        writeFileAtomic(this.paths.signature(blob.sha256), `${signature}\n`);
        writeFileAtomic(
          this.paths.bundle(blob.sha256),
          serializeBundle(createBundle({ publicKey: keys.signing, sha256: blob.sha256, signature })),
        );
        const entry: IndexEntry = {
          length: blob.size,
          hashes: { sha256: blob.sha256, sha512: blob.sha512 },
          kind: d.kind,
          name: d.name,
          version: d.version,
          status: 'good',
          signature,
          key_id: signingKeyId,
          sbom_sha256: sbomSha,
          provenance: {
            source: item.source ?? item.file,
            imported_by: this.opts.actor,
            imported_at: this.now().toISOString(),
          },
        };
        const outcome: ImportResult['outcome'] = !existing
          ? 'imported'
          : existing.status === 'good'
            ? 'unchanged'
            : 'reinstated';
        const kept = outcome === 'unchanged' && existing ? existing : entry;
        artifacts[path] = kept;
        results.push({ path, ref: formatLocalRef({ path }), entry: kept, outcome });
        onProgress?.(i + 1, items.length, path);
      }
      const changed = results.filter((r) => r.outcome !== 'unchanged').length;
      if (changed > 0) await this.publish(current, artifacts, keys.index, changed);
      for (const r of results) {
        if (r.outcome !== 'unchanged') await this.opts.evidence?.imported(r.path, r.entry);
      }
      return results;
    });
  }

  /** Sets an artifact's status (good | bad | quarantined) in a new index version. */
  async setStatus(
    ref: string,
    status: ArtifactStatus,
    reason: string,
    indexKey: KeyObject,
  ): Promise<IndexEntry> {
    return withStoreLock(this.paths.lock, async () => {
      const current = this.readIndex();
      const { path, entry } = this.find(ref);
      if (entry.status === status) return entry;
      const updated: IndexEntry = { ...entry, status, status_reason: reason };
      await this.publish(current, { ...(current?.signed.artifacts ?? {}), [path]: updated }, indexKey, 1);
      await this.opts.evidence?.statusChanged(path, updated, entry.status, reason);
      return updated;
    });
  }

  /** Re-signs the current index with a fresh expiry (the nightly job keeps readers from freezing). */
  async refreshIndex(indexKey: KeyObject): Promise<number> {
    return withStoreLock(this.paths.lock, async () => {
      const current = this.readIndex();
      return this.publish(current, { ...(current?.signed.artifacts ?? {}) }, indexKey, 0);
    });
  }

  private async publish(
    current: SignedIndex | undefined,
    artifacts: Record<string, IndexEntry>,
    indexKey: KeyObject,
    changed: number,
  ): Promise<number> {
    const body: IndexBody = {
      _type: 'hale.artifact-index',
      spec_version: '1',
      version: (current?.signed.version ?? 0) + 1,
      expires: new Date(this.now().getTime() + (this.opts.indexLifetimeMs ?? 30 * DAY)).toISOString(),
      artifacts: Object.fromEntries(
        Object.keys(artifacts)
          .sort()
          .map((k) => [k, artifacts[k] as IndexEntry]),
      ),
    };
    const signed = signIndex(body, [indexKey]);
    const text = `${JSON.stringify(signed)}\n`;
    // The numbered copy first: the history is complete before the new version becomes current.
    writeFileAtomic(this.paths.indexVersion(body.version), text);
    writeFileAtomic(this.paths.index, text);
    const { digest } = verifyIndex(signed, {
      indexKeys: this.opts.policy.indexKeys,
      threshold: this.opts.policy.indexThreshold,
      now: this.now(),
    });
    this.opts.seen.advance({ version: body.version, digest });
    await this.opts.evidence?.indexPublished(body.version, digest, changed);
    return body.version;
  }
}
