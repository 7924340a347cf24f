import type { BurnSlo, ShadowGate } from '../../runner-agents/linux/traffic-router';
import type { HostOs } from '../../workflows/definitions';

/** How one blue/green service is deployed (from hale.yaml `services[].blue_green` and `slo`). */
export interface DeploySettings {
  shadow: { windowMs: number; gate: ShadowGate };
  watch: { windowMs: number; pollMs: number; minSamples: number; slo: BurnSlo };
  approvalTimeoutMs?: number;
  armedWindowMs: number;
  /** What the runner's `verify` step measures (L2). */
  verify: {
    requests: number;
    concurrency: number;
    paths: string[];
    /** Absent in plans admitted before it existed: the runner's default fault. */
    fault?: { latency_ms: number; error_rate: number };
  };
  /** The L2 performance budget (hale.yaml blue_green.perf_budget). */
  perfBudget: { maxP95Ratio: number; p95SlackMs: number; maxErrorRateIncrease: number; minSamples: number };
}

/**
 * What admission found the request asks for: a lockfile change to a blue/green service, with the
 * artifacts it needs verified in the store. Plain data: it crosses into the workflow.
 */
export interface ChangePlan {
  service: string;
  host: string;
  os: HostOs;
  artifact: { ref: string; sha256: string; name: string; version: string };
  /** The rollback artifact, staged and verified before anything changes. */
  rollback: { ref: string; sha256: string; name: string; version: string };
  lockfile: { format: 'requirements'; file_name: string; content: string; previous?: string };
  /** The locked packages as store references (for the SBOM licence vote). */
  packages: string[];
  /** Other files the change bundle carries (code, config), for the L1 security and rules votes. */
  files: { path: string; content: string | null; previous?: string }[];
  deploy: DeploySettings;
}

export interface Admission {
  signer: { status: 'signed' | 'digest-only'; key_id?: string };
  /** null: the request changes nothing Hale deploys (probe-only pipeline). */
  change: ChangePlan | null;
}

/** The governance stage's answer. */
export interface GovernanceOutcome {
  allow: boolean;
  /** True when live governance was unreachable and the emergency policy cache decided. */
  emergency: boolean;
  /** Rules that denied, `rule: message`. */
  deny: string[];
  fallback?: { code: string; message: string };
  decision: Record<string, unknown>;
}
