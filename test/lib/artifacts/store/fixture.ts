import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArtifactStore, type Described, type StoreEvidence } from '../../../../lib/artifacts/store/store';
import { singleKeyPolicy, type TrustPolicy } from '../../../../lib/artifacts/trust/policy';
import { SeenIndexFile } from '../../../../lib/artifacts/trust/seen-index';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const p256 = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'P-256' });

export interface StoreFixture {
  dir: string;
  root: string;
  mirror: string;
  signing: KeyPair;
  index: KeyPair;
  events: { kind: string; detail: unknown }[];
  clock: { now: Date };
  open(policy?: TrustPolicy): ArtifactStore;
  /** A file in the mirror folder with `bytes` of deterministic content. */
  file(name: string, content: string | Buffer): string;
  describe: (file: string) => Promise<Described>;
  dispose(): void;
}

/** Describes mirror files named <name>-<version>.<ext> as config bundles (tests of the store only). */
async function describeByName(file: string): Promise<Described> {
  // (the blob digests are not needed for these test descriptions)
  const base = path.basename(file);
  const m = /^([a-z][a-z0-9-]*?)-(\d[\w.]*?)\.(tgz|tar\.gz|bin)$/.exec(base);
  if (!m) throw new Error(`test file name ${base} is not <name>-<version>.<ext>`);
  return { kind: 'config-bundle', name: m[1] ?? '', version: m[2] ?? '', sbom: { test: base } };
}

export function storeFixture(): StoreFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-store-'));
  const root = path.join(dir, 'store');
  const mirror = path.join(dir, 'mirror');
  fs.mkdirSync(root);
  fs.mkdirSync(mirror);
  const signing = p256();
  const index = p256();
  const events: StoreFixture['events'] = [];
  const clock = { now: new Date('2026-11-23T10:00:00.000Z') };
  const evidence: StoreEvidence = {
    imported: async (p) => void events.push({ kind: 'imported', detail: p }),
    statusChanged: async (p, e, from) =>
      void events.push({ kind: 'status', detail: `${p} ${from}->${e.status}` }),
    verifyFailed: async (ref, err) =>
      void events.push({ kind: 'verifyFailed', detail: `${ref} ${err.code}` }),
    indexPublished: async (v) => void events.push({ kind: 'index', detail: v }),
  };
  const clientDir = path.join(dir, 'client');
  return {
    dir,
    root,
    mirror,
    signing,
    index,
    events,
    clock,
    open: (policy) =>
      new ArtifactStore({
        root,
        policy: policy ?? singleKeyPolicy(index.publicKey, signing.publicKey, 'test policy'),
        seen: SeenIndexFile.forStore(clientDir, root),
        evidence,
        actor: 'tester',
        now: () => clock.now,
      }),
    file: (name, content) => {
      const f = path.join(mirror, name);
      fs.writeFileSync(f, content);
      return f;
    },
    describe: describeByName,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
