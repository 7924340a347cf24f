import fs from 'node:fs';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ArtifactError } from '../../lib/artifacts/errors';
import { parseRequirementsLock } from '../../lib/artifacts/lockfiles';
import { readTarGzFile } from '../../lib/artifacts/packages/tar';
import type { ArtifactStore } from '../../lib/artifacts/store/store';
import type { HaleConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { appendEntry } from '../../lib/ledger';
import {
  checkRequestSignature,
  RequestSignatureError,
  trustedRequestKey,
  type TrustedRequestKey,
} from '../../lib/signing';
import type { RemediationRequestV1 } from '../../schemas/types.generated';
import type { Admission, ChangePlan, DeploySettings } from './types';

/** The lockfile a change bundle carries at its root. */
export const BUNDLE_LOCKFILE = 'requirements.lock';
const MAX_FILE_BYTES = 1024 * 1024;

export interface AdmissionDeps {
  db: Db;
  /** Absent (a control worker without site config): digests are checked, nothing is a change. */
  config?: HaleConfig;
  /** The site store (opened lazily; absent: no change can be planned). */
  store?: () => Promise<ArtifactStore>;
  /** Default: the PEM files of hale.yaml `pipeline.request_keys`. */
  requestKeys?: TrustedRequestKey[];
}

class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function loadKeys(config: HaleConfig): TrustedRequestKey[] {
  return config.pipeline.requestKeys.map((file) => {
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Refused('REQUEST_KEY_INVALID', `${file}: ${(err as Error).message}`);
    }
    return trustedRequestKey(pem, file);
  });
}

/** hale.yaml's blue/green settings of a service, as the deploy workflow takes them. */
export function deploySettingsOf(service: HaleConfig['services'][number]): DeploySettings | null {
  const bg = service.blueGreen;
  if (!bg) return null;
  return {
    shadow: { windowMs: bg.shadow.windowMs, gate: bg.shadow.gate },
    watch: {
      ...bg.watch,
      slo: {
        error_rate: service.slo.errorRate ?? 0.01,
        ...(service.slo.apiP95Ms !== undefined ? { api_p95_ms: service.slo.apiP95Ms } : {}),
      },
    },
    ...(bg.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: bg.approvalTimeoutMs } : {}),
    armedWindowMs: bg.armedWindowMs,
    verify: {
      ...bg.verifyLoad,
      paths: [...bg.verifyLoad.paths],
      fault: { latency_ms: bg.routerFault.latencyMs, error_rate: bg.routerFault.errorRate },
    },
    perfBudget: { ...bg.perfBudget },
  };
}

async function bundleFiles(store: ArtifactStore, ref: string, what: string) {
  let usable;
  try {
    usable = await store.verifyForUse(ref);
  } catch (err) {
    if (err instanceof ArtifactError) throw new Refused(err.code, `${what} ${ref}: ${err.message}`);
    throw err;
  }
  if (usable.entry.kind !== 'config-bundle')
    throw new Refused(
      'ARTIFACT_KIND_UNSUPPORTED',
      `${what} ${ref} is a ${usable.entry.kind}; a change is a config-bundle holding ${BUNDLE_LOCKFILE}`,
    );
  const entries = await readTarGzFile(usable.file, () => true);
  const files = new Map<string, string>();
  for (const e of entries.values()) {
    if (e.content && e.size <= MAX_FILE_BYTES) files.set(e.name, e.content.toString('utf8'));
  }
  if (!files.has(BUNDLE_LOCKFILE))
    throw new Refused('CHANGE_BUNDLE_INVALID', `${what} ${ref} has no ${BUNDLE_LOCKFILE} at its root`);
  return { usable, files };
}

async function planChange(deps: AdmissionDeps, request: RemediationRequestV1): Promise<ChangePlan | null> {
  const config = deps.config;
  if (!config) return null;
  const service = config.services.find((s) => s.name === request.service);
  const deploy = service ? deploySettingsOf(service) : null;
  // Services Hale does not deploy blue/green get the probe-only pipeline: nothing changes.
  if (!service || !deploy) return null;
  if (!deps.store) throw new Refused('ARTIFACT_STORE_UNAVAILABLE', 'no artifact store is configured');
  const store = await deps.store();
  const next = await bundleFiles(store, request.artifact_ref, 'artifact_ref');
  const previous = await bundleFiles(store, request.rollback.artifact, 'rollback.artifact');
  const lock = next.files.get(BUNDLE_LOCKFILE) as string;
  let locked;
  try {
    locked = parseRequirementsLock(lock, `${request.artifact_ref}!${BUNDLE_LOCKFILE}`);
  } catch (err) {
    throw new Refused('LOCKFILE_INVALID', (err as Error).message);
  }
  const packages: string[] = [];
  for (const p of locked) {
    const sha = p.hashes.find((h) => h.algorithm === 'sha256')?.hex;
    if (!sha) continue;
    try {
      const ref = `local://sha256:${sha}`;
      store.find(ref);
      packages.push(ref);
    } catch {
      // not in the store: the runner defers ("promote from local mirror first")
    }
  }
  const prevFiles = previous.files;
  const files = [...next.files.entries()]
    .filter(([name]) => name !== BUNDLE_LOCKFILE)
    .map(([name, content]) => ({
      path: name,
      content,
      ...(prevFiles.has(name) ? { previous: prevFiles.get(name) as string } : {}),
    }))
    .filter((f) => f.content !== f.previous);
  const entry = (u: typeof next.usable) => ({
    ref: u.ref,
    sha256: u.entry.hashes.sha256,
    name: u.entry.name,
    version: u.entry.version,
  });
  return {
    service: service.name,
    host: service.host,
    os: config.hosts.find((h) => h.id === service.host)?.os ?? 'linux',
    artifact: entry(next.usable),
    rollback: entry(previous.usable),
    lockfile: {
      format: 'requirements',
      file_name: BUNDLE_LOCKFILE,
      content: lock,
      previous: prevFiles.get(BUNDLE_LOCKFILE) as string,
    },
    packages,
    files,
    deploy,
  };
}

/**
 * Admission, before any stage: the request's digest and signature, then its plan. A request that
 * would change production must be signed by a trusted key (unless hale.yaml
 * `pipeline.require_signed_requests: false`); a signature that does not verify is always refused.
 * Refusals are recorded on the ledger (`remediation.refused`) and are not retried.
 */
export function createAdmissionActivities(deps: AdmissionDeps) {
  return {
    async admitRequest(input: { request: RemediationRequestV1 }): Promise<Admission> {
      const { request } = input;
      try {
        const keys = deps.requestKeys ?? (deps.config ? loadKeys(deps.config) : []);
        const check = checkRequestSignature(request as unknown as Record<string, unknown>, keys);
        const change = await planChange(deps, request);
        if (change && check.status !== 'signed' && deps.config?.pipeline.requireSignedRequests !== false)
          throw new Refused(
            'REQUEST_UNSIGNED',
            `the request changes ${change.service} on ${change.host} and is not signed (sign.algo ecdsa-p256-sha256 with a key from pipeline.request_keys)`,
          );
        return {
          signer: { status: check.status, ...(check.keyId ? { key_id: check.keyId } : {}) },
          change,
        };
      } catch (err) {
        const code = err instanceof Refused || err instanceof RequestSignatureError ? err.code : undefined;
        if (!code) throw err;
        const message = (err as Error).message;
        const info = Context.current().info;
        await appendEntry(deps.db, {
          type: 'remediation.refused',
          actor: 'hale-control',
          subject: {
            workflow_id: info.workflowExecution?.workflowId ?? request.id,
            ...(request.host ? { host: request.host } : {}),
            ...(request.service ? { service: request.service } : {}),
          },
          payload: { request_id: request.id, code, message, digest: request.sign?.digest ?? null },
          idempotencyKey: `remediation.refused:${request.id}`,
        });
        throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
      }
    },
  };
}

export type AdmissionActivities = ReturnType<typeof createAdmissionActivities>;
