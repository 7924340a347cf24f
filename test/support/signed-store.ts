import fs from 'node:fs';
import path from 'node:path';
import { describeArtifact } from '../../lib/artifacts/describe';
import { ArtifactStore } from '../../lib/artifacts/store/store';
import { singleKeyPolicy } from '../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../lib/artifacts/trust/seen-index';
import { p256, type KeyPair } from '../lib/artifacts/store/fixture';

export interface SignedStore {
  store: ArtifactStore;
  signing: KeyPair;
  index: KeyPair;
  /** Imports more files (one new index version) and returns their refs in order. */
  add(files: string[]): Promise<string[]>;
}

/** A real signed artifact store under `<dir>/store` holding `files` (described by their content). */
export async function signedStore(dir: string, files: string[]): Promise<SignedStore> {
  const signing = p256();
  const index = p256();
  const root = path.join(dir, 'store');
  fs.mkdirSync(root, { recursive: true });
  const store = new ArtifactStore({
    root,
    policy: singleKeyPolicy(index.publicKey, signing.publicKey, 'test'),
    seen: SeenIndexFile.forStore(path.join(dir, 'store-client'), root),
    actor: 'tester',
  });
  const add = async (more: string[]) => {
    const results = await store.import(
      more.map((file) => ({ file })),
      { signing: signing.privateKey, index: index.privateKey },
      describeArtifact(),
    );
    return results.map((r) => r.ref);
  };
  if (files.length > 0) await add(files);
  return { store, signing, index, add };
}
