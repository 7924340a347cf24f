import path from 'node:path';

/**
 * The store's directory layout (docs/artifact-store.md). Everything is addressed by the blob's
 * SHA-256; the signed index maps `<kind>/<name>/<version>/<file>` paths to digests.
 */
export const storePaths = (root: string) => ({
  root,
  blob: (sha256: string) => path.join(root, 'blobs', 'sha256', sha256.slice(0, 2), sha256),
  signature: (sha256: string) => path.join(root, 'signatures', `${sha256}.sig`),
  bundle: (sha256: string) => path.join(root, 'signatures', `${sha256}.sigstore.json`),
  sbom: (sha256: string) => path.join(root, 'sboms', `${sha256}.cdx.json`),
  record: (sha256: string) => path.join(root, 'records', `${sha256}.json`),
  index: path.join(root, 'index', 'index.json'),
  indexVersion: (version: number) => path.join(root, 'index', 'versions', `${version}.index.json`),
  tmp: path.join(root, 'tmp'),
  lock: path.join(root, 'store.lock'),
});

export type StorePaths = ReturnType<typeof storePaths>;
