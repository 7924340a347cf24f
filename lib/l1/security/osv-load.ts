import fs from 'node:fs';
import path from 'node:path';
import { readTarGzFile } from '../../artifacts/packages/tar';
import type { ArtifactStore } from '../../artifacts/store/store';
import { L1Error } from '../errors';
import { buildOsvSnapshot } from './osv-parse';
import type { OsvSnapshot } from './osv-types';

const isJson = (name: string): boolean => name.endsWith('.json');

async function fromTarGz(file: string, source: string): Promise<OsvSnapshot> {
  const entries = await readTarGzFile(file, isJson);
  const texts = [...entries.values()]
    .filter((e) => e.content !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => ({ name: `${source}!${e.name}`, text: (e.content as Buffer).toString('utf8') }));
  if (texts.length === 0) {
    throw new L1Error('OSV_SNAPSHOT_INVALID', `${source}: the bundle holds no .json OSV records`, {
      details: { source },
    });
  }
  return buildOsvSnapshot(texts, source);
}

/**
 * Reads an OSV snapshot from disk: a `.json` file (one record or an array of records), a
 * directory of `<ID>.json` records (OSV's per-ecosystem export, unzipped), or a `.tar.gz`/`.tgz`
 * bundle of them (the config-bundle form kept in the artifact store).
 */
export async function loadOsvSnapshotFile(file: string): Promise<OsvSnapshot> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new L1Error('OSV_SNAPSHOT_INVALID', `${file}: cannot read the OSV snapshot`, {
      cause: err,
      details: { source: file },
    });
  }
  if (stat.isDirectory()) {
    const names = fs.readdirSync(file).filter(isJson).sort();
    const texts = names.map((n) => ({
      name: path.join(file, n),
      text: fs.readFileSync(path.join(file, n), 'utf8'),
    }));
    return buildOsvSnapshot(texts, file);
  }
  if (/\.(tar\.gz|tgz)$/.test(file)) return fromTarGz(file, file);
  return buildOsvSnapshot([{ name: file, text: fs.readFileSync(file, 'utf8') }], file);
}

/**
 * The production path: the snapshot is a `config-bundle` artifact (a .tar.gz of OSV records),
 * verified like anything else taken from the store (index, status, signer, digest, signature)
 * before it is read.
 */
export async function loadOsvSnapshotFromStore(store: ArtifactStore, ref: string): Promise<OsvSnapshot> {
  const usable = await store.verifyForUse(ref);
  if (usable.entry.kind !== 'config-bundle') {
    throw new L1Error(
      'OSV_SNAPSHOT_INVALID',
      `${ref}: an OSV snapshot must be a config-bundle, not ${usable.entry.kind}`,
      {
        details: { source: ref },
      },
    );
  }
  return fromTarGz(usable.file, usable.ref);
}
