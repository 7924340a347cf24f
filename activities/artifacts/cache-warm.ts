import fs from 'node:fs';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { describeArtifact } from '../../lib/artifacts/describe';
import { ArtifactError, type ArtifactErrorCode } from '../../lib/artifacts/errors';
import { mirrorContents } from '../../lib/artifacts/mirror';
import { inspectPackage } from '../../lib/artifacts/packages';
import { openSiteStore, writerKeys } from '../../lib/artifacts/site';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';

export interface MirrorImport {
  mirror: string;
  imported: number;
  unchanged: number;
  /** Files that are not packages (README, checksums …). */
  skipped: number;
  /** Packages refused (bad RECORD, truncated …): left out, the rest is imported. */
  failed: { file: string; code: string; message: string }[];
}

export interface ArtifactActivities {
  listMirrors(): Promise<string[]>;
  importMirror(dir: string): Promise<MirrorImport>;
  refreshArtifactIndex(): Promise<number>;
  /** Marks artifacts whose install failed on a runner as bad (a new index version; re-import clears it). */
  markArtifactsBad(input: {
    refs: string[];
    reason: string;
  }): Promise<{ marked: string[]; unknown: string[] }>;
}

export interface ArtifactActivityDeps {
  db: Db;
  config: HaleConfig;
}

/** Errors no retry can fix: keys, passwords, policy, a missing folder. */
const PERMANENT: ReadonlySet<ArtifactErrorCode> = new Set<ArtifactErrorCode>([
  'KEY_MALFORMED',
  'KEY_PASSWORD_WRONG',
  'KEY_PASSWORD_MISSING',
  'KEY_UNSUPPORTED',
  'ARTIFACT_INPUT_INVALID',
  'TRUST_KEY_NOT_ALLOWED',
  'INDEX_SIGNATURE_INVALID',
  'INDEX_ROLLBACK',
  'INDEX_MALFORMED',
]);

function asFailure(err: unknown): unknown {
  if (err instanceof ArtifactError && PERMANENT.has(err.code)) {
    return ApplicationFailure.nonRetryable(err.message, err.code);
  }
  return err;
}

const ACTOR = 'hale-cache-warm';
/** Who marks artifacts bad after a runner reported a failed install. */
const ACTOR_RUNNER_RESULT = 'hale-control';

/**
 * The nightly cache warm (Temporal Schedule → artifactCacheWarmWorkflow): imports the configured
 * mirror folders into the store and re-signs the index so readers never see it expire. Keys are
 * opened with COSIGN_PASSWORD from the control worker's environment.
 */
export function createArtifactActivities(deps: ArtifactActivityDeps): ArtifactActivities {
  const { db, config } = deps;
  return {
    async listMirrors() {
      return config.artifactStore.mirrors;
    },

    async importMirror(dir) {
      try {
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
          throw new ArtifactError('ARTIFACT_INPUT_INVALID', `mirror folder ${dir} does not exist`);
        }
        const { known, skipped } = mirrorContents(dir);
        // Inspect first, so one bad package is reported and left out instead of failing the batch.
        const failed: MirrorImport['failed'] = [];
        const good: string[] = [];
        for (const [i, file] of known.entries()) {
          Context.current().heartbeat({ inspected: i });
          try {
            await inspectPackage(file);
            good.push(file);
          } catch (err) {
            if (!(err instanceof ArtifactError)) throw err;
            failed.push({ file, code: err.code, message: err.message });
          }
        }
        const store = await openSiteStore(config, db, ACTOR);
        const results =
          good.length === 0
            ? []
            : await store.import(
                good.map((file) => ({ file })),
                await writerKeys(config),
                describeArtifact(),
                (done) => Context.current().heartbeat({ imported: done }),
              );
        return {
          mirror: dir,
          imported: results.filter((r) => r.outcome !== 'unchanged').length,
          unchanged: results.filter((r) => r.outcome === 'unchanged').length,
          skipped: skipped.length,
          failed,
        };
      } catch (err) {
        throw asFailure(err);
      }
    },

    async markArtifactsBad({ refs, reason }) {
      try {
        const store = await openSiteStore(config, db, ACTOR_RUNNER_RESULT);
        const keys = await writerKeys(config);
        const marked: string[] = [];
        const unknown: string[] = [];
        for (const ref of refs) {
          try {
            store.find(ref);
          } catch (err) {
            if (err instanceof ArtifactError && err.code === 'ARTIFACT_NOT_FOUND') {
              unknown.push(ref);
              continue;
            }
            throw err;
          }
          await store.setStatus(ref, 'bad', reason, keys.index);
          marked.push(ref);
        }
        return { marked, unknown };
      } catch (err) {
        throw asFailure(err);
      }
    },

    async refreshArtifactIndex() {
      try {
        const store = await openSiteStore(config, db, ACTOR);
        return await store.refreshIndex((await writerKeys(config)).index);
      } catch (err) {
        throw asFailure(err);
      }
    },
  };
}
