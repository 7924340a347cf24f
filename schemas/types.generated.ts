/* eslint-disable */
// generated, do not edit: run `npm run gen:types` after changing schemas/*.schema.json.
// Types only (no runtime code), so workflow code may import it.

// artifact.index.v1: schemas/artifact.index.v1.schema.json
/**
 * The artifact store's signed index (in the spirit of TUF targets metadata): every artifact path with its length, digests, signature and status, a version that only grows and an expiry. Signatures cover the RFC 8785 canonical JSON of `signed` (docs/artifact-store.md).
 */
export interface ArtifactIndexV1 {
  signed: {
    _type: 'hale.artifact-index';
    spec_version: '1';
    /**
     * Grows by one with every change; clients refuse a version below the newest they have seen.
     */
    version: number;
    /**
     * UTC instant after which clients refuse the index (freeze attack).
     */
    expires: string;
    /**
     * Index path <kind>/<name>/<version>/<file> → entry.
     */
    artifacts: {
      [k: string]: ArtifactIndexEntry;
    };
  };
  /**
   * @minItems 1
   * @maxItems 16
   */
  signatures: {
    /**
     * Lowercase hex SHA-256 of the signing public key's DER SubjectPublicKeyInfo.
     */
    keyid: string;
    /**
     * Base64 DER ECDSA P-256 signature over SHA-256 of the signed bytes.
     */
    sig: string;
  }[];
}
export interface ArtifactIndexEntry {
  length: number;
  hashes: {
    sha256: string;
    sha512?: string;
  };
  kind: 'python-wheel' | 'npm-tarball' | 'deb' | 'config-bundle' | 'snapshot';
  name: string;
  version: string;
  /**
   * good: usable; bad: an install failed, never chosen again unless re-imported; quarantined: usable only in a sandbox.
   */
  status: 'good' | 'bad' | 'quarantined';
  status_reason?: string;
  /**
   * The artifact's cosign-compatible signature: base64 DER ECDSA P-256 over SHA-256 of the blob.
   */
  signature: string;
  /**
   * keyid of the key that made `signature`.
   */
  key_id: string;
  /**
   * SHA-256 of the CycloneDX SBOM stored beside the blob; null when the kind has none.
   */
  sbom_sha256?: string | null;
  provenance: {
    /**
     * Where the file was imported from.
     */
    source: string;
    imported_by: string;
    imported_at: string;
  };
}

// artifact.trust-policy.v1: schemas/artifact.trust-policy.v1.schema.json
/**
 * Which keys may sign the store's index, and which keys may sign which artifact kinds and name prefixes. Kept with the control plane's configuration, not in the store.
 */
export interface ArtifactTrustPolicyV1 {
  version: 1;
  /**
   * Public keys (PEM files, relative to the policy file) holding the index role.
   *
   * @minItems 1
   * @maxItems 16
   */
  index_keys: string[];
  /**
   * Valid signatures from distinct index keys needed (default 1).
   */
  index_threshold?: number;
  /**
   * @maxItems 256
   */
  signers: {
    /**
     * Public key PEM file (cosign.pub), relative to the policy file.
     */
    key: string;
    /**
     * @minItems 1
     * @maxItems 5
     */
    kinds: ('python-wheel' | 'npm-tarball' | 'deb' | 'config-bundle' | 'snapshot')[];
    /**
     * The artifact name must start with one of these; "" allows every name.
     *
     * @minItems 1
     * @maxItems 256
     */
    name_prefixes: string[];
  }[];
}

// governance.decision.v1: schemas/governance.decision.v1.schema.json
/**
 * The governance verdict on one governance.input.v1: allowed or not, every rule that denied it, whether it is a read-only action the emergency policy cache allows, and which verified policy bundle decided.
 */
export interface GovernanceDecisionV1 {
  /**
   * True only when no rule denies (and, in emergency mode, the action is read-only).
   */
  allow: boolean;
  /**
   * Every rule that fired, sorted by rule then message; empty when allowed.
   *
   * @maxItems 64
   */
  deny: {
    /**
     * <package>.<rule>, e.g. blast_radius.max_fraction, change_window.closed, emergency.read_only.
     */
    rule: string;
    message: string;
  }[];
  /**
   * Allowed by every rule and read-only (diagnose, rollback): what the emergency policy cache allows.
   */
  read_only_ok: boolean;
  action_class: 'read_only' | 'mutating';
  /**
   * Decided by the emergency policy cache (governance unavailable): only read-only actions are allowed.
   */
  emergency: boolean;
  /**
   * The verified bundle that decided.
   */
  policy: {
    /**
     * The bundle manifest's revision.
     */
    revision: string;
    /**
     * SHA-256 of the bundle tar.gz.
     */
    bundle_sha256: string;
    /**
     * Id of the key whose signature over the bundle verified.
     */
    key_id: string;
  };
}

// governance.input.v1: schemas/governance.input.v1.schema.json
/**
 * What the governance policy (infra/policy, entrypoint hale/governance/decision) judges: one proposed action on one service, with the clock and every other volatile fact passed in (the policy has no clock, network or store of its own).
 */
export interface GovernanceInputV1 {
  /**
   * The decision's clock: RFC 3339 in UTC (Z), optional fraction. Change windows and freezes are judged against it.
   */
  now: string;
  /**
   * The remediation request (and workflow) id.
   */
  request_id: string;
  /**
   * Environment the targets belong to; must be in the policy data (else governance.unknown_environment).
   */
  environment: string;
  /**
   * What would be done. diagnose and rollback are read-only (allowed by the emergency policy cache); the others change the service.
   */
  action: 'diagnose' | 'rollback' | 'apply_patch' | 'restart' | 'deploy' | 'config_change';
  /**
   * launch: the actor starts the action; approve: the actor approves a gated step of it.
   */
  intent: 'launch' | 'approve';
  /**
   * Who launches or approves, with the roles the identity provider gave them.
   */
  actor: {
    id: string;
    /**
     * @maxItems 32
     */
    roles: string[];
  };
  /**
   * Author of the request; an approver may not be its author (rbac.self_approval).
   */
  requested_by?: string;
  /**
   * The service changed, its data class (data sovereignty) and how many hosts it runs on (blast radius).
   */
  service: {
    name: string;
    /**
     * Data class, e.g. public, internal, pii-eu; must be in the policy data.
     */
    data_class: string;
    total_hosts: number;
  };
  /**
   * Hosts the action touches (duplicates count once).
   *
   * @minItems 1
   * @maxItems 10000
   */
  targets: {
    host: string;
    /**
     * Region name, e.g. eu-west-1 (matched against the data class's allowed region globs).
     */
    region: string;
  }[];
  /**
   * The artifact the action installs (apply_patch, deploy, config_change), as the artifact store verified it.
   */
  artifact?: {
    ref: string;
    digest: string;
    /**
     * Region name, e.g. eu-west-1 (matched against the data class's allowed region globs).
     */
    region: string;
    /**
     * The artifact's hash and signature verified against the trust policy.
     */
    signature_verified: boolean;
  };
  /**
   * The rollback artifact, staged and verified before the change (required for apply_patch, deploy, config_change and rollback).
   */
  rollback?: {
    artifact_ref: string;
    /**
     * Region name, e.g. eu-west-1 (matched against the data class's allowed region globs).
     */
    region?: string;
    /**
     * The rollback artifact is on the targets, ready to apply.
     */
    staged: boolean;
    signature_verified: boolean;
  };
  /**
   * Effects of the change the planner declares.
   */
  change: {
    /**
     * The change would stop, reconfigure away or bypass the evidence ledger.
     */
    disables_ledger: boolean;
  };
}

// hale-config.v1: schemas/hale-config.v1.schema.json
/**
 * hale.yaml: where Hale keeps its data, how it reaches Temporal and Postgres, and which hosts and services it looks after.
 */
export interface HaleConfigV1 {
  /**
   * Directory for Hale's state, relative to the config file's directory.
   */
  data_dir?: string;
  /**
   * HTTP API listener.
   */
  api?: {
    host?: string;
    port?: number;
  };
  /**
   * Temporal server. With address set Hale connects there and starts nothing; otherwise it runs a dev server on host:port.
   */
  temporal?: {
    /**
     * host:port of an existing Temporal frontend.
     */
    address?: string;
    namespace?: string;
    host?: string;
    port?: number;
    ui_port?: number;
  };
  /**
   * Postgres. Without url Hale uses an embedded database under data_dir.
   */
  database?: {
    url?: string;
  };
  /**
   * Machines Hale manages. Omitted: this machine only.
   *
   * @minItems 1
   * @maxItems 256
   */
  hosts?: {
    id: string;
    os: 'linux' | 'windows' | 'macos';
    labels?: {
      [k: string]: string;
    };
  }[];
  /**
   * Services Hale watches and remediates.
   *
   * @maxItems 256
   */
  services?: {
    name: string;
    /**
     * id of a host listed in hosts.
     */
    host: string;
    kind: 'python' | 'node';
    /**
     * Where the service is installed; relative paths are resolved against the config file's directory.
     */
    install_path: string;
    /**
     * A string is run by the shell; an array is executed directly (argv).
     *
     * @minItems 1
     * @maxItems 64
     */
    start_command: string | string[];
    health_url?: string;
    /**
     * Modules that must import (python) or require (node) in a new environment before Hale switches the service to it.
     *
     * @maxItems 64
     */
    audit?: string[];
    /**
     * Objectives; an anomaly is raised when one is breached.
     */
    slo?: {
      /**
       * 95th percentile latency ceiling (ms).
       */
      api_p95_ms?: number;
      /**
       * 99th percentile latency ceiling (ms).
       */
      api_p99_ms?: number;
      /**
       * Ceiling on the failed-request ratio (0..1).
       */
      error_rate?: number;
      /**
       * Floor on the successful-probe ratio (0..1).
       */
      availability?: number;
    };
    /**
     * Blue/green deployment behind Hale's traffic router (kind python only): the router owns the service's public port and forwards to one of two loopback slots.
     */
    blue_green?: {
      /**
       * The router's public port on 127.0.0.1 (the service's public address).
       */
      port: number;
      /**
       * Loopback ports of slot a and slot b; different from each other and from port.
       *
       * @minItems 2
       * @maxItems 2
       */
      slots: number[];
      /**
       * Health path probed on a slot before it gets traffic.
       */
      health_path?: string;
      /**
       * Shadow compare before promotion: requests safe to repeat are mirrored to the candidate and the answers compared.
       */
      shadow?: {
        /**
         * Fraction of eligible requests mirrored (0..1).
         */
        sample?: number;
        /**
         * Methods safe to repeat on any path (POST only if listed).
         *
         * @maxItems 16
         */
        methods?: string[];
        /**
         * More requests safe to repeat: "METHOD /path" or "/path" (any method); a trailing * matches a prefix.
         *
         * @maxItems 64
         */
        paths?: string[];
        /**
         * JSON fields left out of the body compare: a name at any depth or a dotted path from the root.
         *
         * @maxItems 64
         */
        ignore_fields?: string[];
        /**
         * How long to mirror before judging (ms).
         */
        window_ms?: number;
        /**
         * Mirrored pairs needed before the compare can pass.
         */
        min_samples?: number;
        /**
         * Largest candidate p95 / live p95 over the mirrored pairs.
         */
        max_p95_ratio?: number;
        /**
         * Largest share of mirrored pairs whose status or body differ (0..1).
         */
        max_mismatch_rate?: number;
        /**
         * Largest share of mirrored pairs the candidate did not answer (0..1).
         */
        max_error_rate?: number;
      };
      /**
       * SLO watch after promotion (the service's slo is the objective).
       */
      watch?: {
        /**
         * How long to watch after promotion (ms).
         */
        window_ms?: number;
        /**
         * How often the router's stats are read during the watch (ms).
         */
        poll_ms?: number;
        /**
         * Live requests needed before the watch can pass.
         */
        min_samples?: number;
      };
      /**
       * Promotion waits this long for an approve or veto. Absent: no approval gate.
       */
      approval_timeout_ms?: number;
      /**
       * After a clean watch the old slot stays warm this long so one call can roll back (0: commit at once).
       */
      armed_window_ms?: number;
      /**
       * L2 chaos: the fault the router injects on green during verify (blue keeps serving live clients). Both parts must show: the probe passes only when the shadow comparison sees the refusals and the latency.
       */
      router_fault?: {
        /**
         * Latency added to each of green's answers; live clients' p95 must stay below it.
         */
        latency_ms?: number;
        /**
         * Share of green's answers replaced by 503s (0.05..1).
         */
        error_rate?: number;
      };
      /**
       * L2 performance budget: the candidate's p95 and error rate under the verify step's load, against blue's under the same load.
       */
      perf_budget?: {
        /**
         * Largest candidate p95 / baseline p95.
         */
        max_p95_ratio?: number;
        /**
         * A p95 regression under this many milliseconds passes whatever the ratio (loopback latencies are ~1 ms: ratios alone are noise).
         */
        p95_slack_ms?: number;
        /**
         * Largest candidate error rate minus baseline error rate (0..1).
         */
        max_error_rate_increase?: number;
        /**
         * Fewer successful samples than this on either side: inconclusive, which blocks.
         */
        min_samples?: number;
        /**
         * GET paths the verify step's load requests, in turn, on blue and on green (absent: the health path alone).
         *
         * @minItems 1
         * @maxItems 16
         */
        paths?: string[];
        /**
         * Requests of the verify step's load on each slot.
         */
        requests?: number;
        /**
         * Requests in flight at once during the verify step's load.
         */
        concurrency?: number;
      };
      /**
       * Integration tests the runner's verify step runs in the sandbox against the staged candidate (L2). Run in install_path like start_command; {venv} is the candidate's environment and HALE_TARGET_URL points at it.
       */
      tests?: {
        /**
         * @minItems 1
         * @maxItems 64
         */
        command: string[];
        /**
         * The whole run (service start and tests) is killed after this long.
         */
        timeout_ms?: number;
        /**
         * Port of the service inside the sandbox's own network namespace.
         */
        port?: number;
      };
    };
  }[];
  /**
   * Where local:// artifacts live.
   */
  artifact_store?: {
    /**
     * Directory, relative to the config file's directory. Default: <data_dir>/artifacts.
     */
    path?: string;
    /**
     * artifact.trust-policy.v1 JSON file, relative to the config file's directory. Default: trust the keys in <data_dir>/keys (artifact-index.pub for the index, artifact-signing.pub for every artifact).
     */
    trust_policy?: string;
    /**
     * Each new index version expires this many days after it is signed (readers refuse it afterwards).
     */
    index_lifetime_days?: number;
    /**
     * When the nightly cache warm (a Temporal Schedule) imports the mirrors and re-signs the index; a cron expression in UTC.
     */
    cache_warm_cron?: string;
    /**
     * Pre-mirrored folders (wheels, npm tarballs, debs) imported by the nightly cache warm, relative to the config file's directory.
     *
     * @maxItems 64
     */
    mirrors?: string[];
  };
  /**
   * This host's runner: what it may do and which control plane it obeys.
   */
  runner?: {
    /**
     * runner.rbac.v1 JSON file, relative to the config file's directory. Default: metrics and inventory only (no changes).
     */
    rbac_policy?: string;
    /**
     * Control plane public keys (Ed25519 PEM files) whose signed actions this runner accepts. Default: the local control key in <data_dir>/keys.
     *
     * @maxItems 16
     */
    control_keys?: string[];
  };
  /**
   * The remediation pipeline: who may sign requests, and the governance policy bundle.
   */
  pipeline?: {
    /**
     * PEM public keys (ECDSA P-256) trusted to sign remediation requests, relative to the config file's directory.
     *
     * @maxItems 16
     */
    request_keys?: string[];
    /**
     * A request that changes production must carry an ecdsa-p256-sha256 signature by one of request_keys.
     */
    require_signed_requests?: boolean;
    /**
     * The signed OPA policy bundle the pipeline evaluates (docs/governance.md).
     */
    governance?: {
      /**
       * Signed bundle .tar.gz, relative to the config file's directory. Absent: none is configured (see docs/configuration.md).
       */
      bundle?: string;
      /**
       * PEM public keys that may sign the policy bundle, relative to the config file's directory.
       *
       * @maxItems 16
       */
      trusted_keys?: string[];
      /**
       * Environment this site's targets belong to in the governance input (must be in the policy data). Absent: production.
       */
      environment?: string;
    };
  };
  /**
   * Evidence ledger: when signed checkpoints (tree heads) are written.
   */
  ledger?: {
    /**
     * Write a checkpoint once this many entries follow the last one.
     */
    checkpoint_every_entries?: number;
    /**
     * Write a checkpoint at least this often while entries keep coming.
     */
    checkpoint_every_seconds?: number;
  };
}

// kpi.trust.update.v1: schemas/kpi.trust.update.v1.schema.json
/**
 * A component's trust score changed (e.g. a voter whose approved remediation was rolled back loses trust). Trust scores weight future votes.
 */
export interface KpiTrustUpdateV1 {
  id: string;
  at: string;
  /**
   * Id of the component whose trust changed (voter, detector, RCA agent, runner).
   */
  component: string;
  component_kind?: 'voter' | 'detector' | 'rca' | 'runner' | 'service';
  old_score: number;
  new_score: number;
  reason: string;
  /**
   * The contract document whose outcome triggered the update.
   */
  caused_by?: {
    contract:
      | 'slo.anomaly.detected.v1'
      | 'rca.hypothesis.v1'
      | 'l1.consensus.result.v1'
      | 'l2.consensus.result.v1'
      | 'remediation.request.v1'
      | 'runner.result.v1';
    id: string;
  };
}

// l1.consensus.result.v1: schemas/l1.consensus.result.v1.schema.json
/**
 * Level-1 (file-level) consensus: do the voters (rules, security, reviewer) accept a change — a remediation request's lockfile and changed files — bound to the request by request_id and artifact_digest? Documents written before file-level voting carry hypothesis_id (an RCA hypothesis voted on) instead; one of the two is required.
 */
export interface L1ConsensusResultV1 {
  id: string;
  /**
   * id of the remediation.request.v1 whose change was voted on.
   */
  request_id?: string;
  /**
   * sign.digest of the request voted on; the result covers exactly this artifact.
   */
  artifact_digest?: string;
  /**
   * id of the rca.hypothesis.v1 voted on (hypothesis votes; file-level votes carry request_id instead).
   */
  hypothesis_id?: string;
  /**
   * id of the slo.anomaly.detected.v1 behind the hypothesis.
   */
  anomaly_id?: string;
  decided_at: string;
  /**
   * @minItems 1
   * @maxItems 32
   */
  votes: {
    /**
     * Voter id (agent, policy or human reviewer).
     */
    voter: string;
    /**
     * veto blocks the outcome regardless of the other votes.
     */
    verdict: 'accept' | 'reject' | 'abstain' | 'veto';
    /**
     * @maxItems 16
     */
    reasons: string[];
    /**
     * @maxItems 32
     */
    evidence_refs: string[];
    /**
     * Trust weight applied to this vote (0..1).
     */
    weight?: number;
    at?: string;
  }[];
  /**
   * How the votes were counted.
   */
  quorum: {
    /**
     * k_of_n: at least k accepts among the counted (non-abstaining) votes; majority/supermajority/unanimous: share of the counted votes.
     */
    rule: 'majority' | 'supermajority' | 'unanimous' | 'k_of_n';
    /**
     * Counted (non-abstaining) votes needed for a quorum.
     */
    needed: number;
    cast: number;
    accepts: number;
    rejects: number;
    /**
     * Abstentions, including expected voters (n) that cast no vote.
     */
    abstains: number;
    /**
     * Every veto verdict; only those of veto_voters decide the outcome, the others count as rejects.
     */
    vetoes: number;
    /**
     * Whether enough votes were cast.
     */
    met: boolean;
    /**
     * k_of_n: accepts needed.
     */
    k?: number;
    /**
     * Voters expected.
     */
    n?: number;
    /**
     * Voter kinds or ids holding veto power.
     *
     * @maxItems 32
     */
    veto_voters?: string[];
    /**
     * Voters whose veto decided the outcome.
     *
     * @maxItems 32
     */
    vetoed_by?: string[];
  };
  /**
   * accepted/rejected by the rule, vetoed if a voter with veto power vetoed (any veto, for documents without veto_voters), no_quorum if too few counted votes.
   */
  outcome: 'accepted' | 'rejected' | 'vetoed' | 'no_quorum';
  summary?: string;
}

// l2.consensus.result.v1: schemas/l2.consensus.result.v1.schema.json
/**
 * Level-2 consensus: do the voters approve executing one signed remediation request? Bound to the request by id and artifact digest.
 */
export interface L2ConsensusResultV1 {
  id: string;
  /**
   * id of the remediation.request.v1 voted on.
   */
  request_id: string;
  /**
   * sign.digest of the request voted on; approval covers exactly this artifact.
   */
  artifact_digest: string;
  /**
   * id of the l1.consensus.result.v1 that accepted the change (file-level votes) before this subsystem vote.
   */
  l1_result_id?: string;
  decided_at: string;
  /**
   * @minItems 1
   * @maxItems 32
   */
  votes: {
    /**
     * Voter id (agent, policy or human reviewer).
     */
    voter: string;
    /**
     * veto blocks the outcome regardless of the other votes.
     */
    verdict: 'accept' | 'reject' | 'abstain' | 'veto';
    /**
     * @maxItems 16
     */
    reasons: string[];
    /**
     * @maxItems 32
     */
    evidence_refs: string[];
    /**
     * Trust weight applied to this vote (0..1).
     */
    weight?: number;
    at?: string;
  }[];
  /**
   * How the votes were counted.
   */
  quorum: {
    rule: 'majority' | 'supermajority' | 'unanimous';
    /**
     * Votes (excluding abstentions) needed for a quorum.
     */
    needed: number;
    cast: number;
    accepts: number;
    rejects: number;
    abstains: number;
    vetoes: number;
    /**
     * Whether enough votes were cast.
     */
    met: boolean;
  };
  /**
   * accepted/rejected by the rule, vetoed if any veto, no_quorum if too few votes.
   */
  outcome: 'accepted' | 'rejected' | 'vetoed' | 'no_quorum';
  summary?: string;
}

// rca.hypothesis.v1: schemas/rca.hypothesis.v1.schema.json
/**
 * One candidate root cause for an anomaly, with evidence, a confidence and explanation annotations. L1 consensus votes on it.
 */
export interface RcaHypothesisV1 {
  id: string;
  /**
   * id of the slo.anomaly.detected.v1 this hypothesis explains.
   */
  anomaly_id: string;
  created_at: string;
  service: string;
  /**
   * One-line statement of the hypothesis.
   */
  summary: string;
  suspected_cause: {
    category:
      'deploy' | 'config' | 'capacity' | 'dependency' | 'code' | 'infrastructure' | 'data' | 'unknown';
    /**
     * The part believed to be at fault (service, dependency, host resource…).
     */
    component: string;
    /**
     * The change suspected of causing it (deploy, commit, config revision).
     */
    change_ref?: string;
  };
  confidence: number;
  /**
   * @minItems 1
   * @maxItems 32
   */
  evidence_refs: string[];
  /**
   * Remediation operations this hypothesis suggests (same grammar as remediation.request.v1 ops).
   *
   * @maxItems 32
   */
  proposed_ops?: string[];
  /**
   * Agent or model that produced the hypothesis.
   */
  produced_by?: string;
  /**
   * Explanations for humans and reviewers.
   */
  annotations: {
    /**
     * Plain-language explanation of the hypothesis.
     */
    EXPLANATION_NL: string;
    /**
     * Ordered cause → effect steps from the root cause to the observed symptom.
     *
     * @minItems 1
     * @maxItems 16
     */
    CAUSAL_CHAIN: {
      cause: string;
      effect: string;
      /**
       * @maxItems 16
       */
      evidence_refs?: string[];
    }[];
    /**
     * What would have happened, or would happen, under a different intervention.
     *
     * @maxItems 16
     */
    COUNTERFACTUALS: {
      intervention: string;
      expected_outcome: string;
      confidence?: number;
    }[];
  };
}

// remediation.request.v1: schemas/remediation.request.v1.schema.json
/**
 * A signed, reviewable plan to remediate one service: which artifact to apply, which operations to run, how to pre-flight and how to roll back. Its id becomes the Temporal workflow id.
 */
export interface RemediationRequestV1 {
  /**
   * Request id; used verbatim as the Temporal workflow id.
   */
  id: string;
  /**
   * Artifact to apply: local://<relative path>, no '.' or '..' segments.
   */
  artifact_ref: string;
  /**
   * Operations in order: apply_patch, restart:<service> or rollback.
   *
   * @minItems 1
   * @maxItems 32
   */
  ops: string[];
  /**
   * Checks run before the change touches the real service.
   */
  preflight: {
    /**
     * Rehearse the change in a sandbox first.
     */
    sandbox: boolean;
    /**
     * Test commands or test ids that must pass.
     *
     * @maxItems 64
     */
    tests: string[];
  };
  /**
   * How to undo the change.
   */
  rollback: {
    /**
     * Artifact restoring the previous state: local://<relative path>.
     */
    artifact: string;
  };
  /**
   * Digest of the artifact and, for ecdsa-p256-sha256, the signature over it.
   */
  sign: {
    algo: 'sha256' | 'ecdsa-p256-sha256';
    digest: string;
    /**
     * Base64 signature (required when algo is ecdsa-p256-sha256).
     */
    signature?: string;
    /**
     * Id of the signing key (required when algo is ecdsa-p256-sha256).
     */
    key_id?: string;
  };
  /**
   * Service the request remediates (a service name from hale.yaml).
   */
  service?: string;
  /**
   * Host id the request targets.
   */
  host?: string;
  os?: 'linux' | 'windows' | 'macos';
  incident_id?: string;
  /**
   * Who or what asked for the change (user, agent or workflow id).
   */
  requested_by?: string;
  reason?: string;
}

// runner.action.v1: schemas/runner.action.v1.schema.json
/**
 * One action the control plane asks a runner to perform, signed by the control plane with a short expiry. The runner verifies the signature, the expiry, that it is the named host, that the id was never used, and its local RBAC policy before touching anything (docs/runners.md).
 */
export interface RunnerActionV1 {
  action: {
    /**
     * Unique per action (a replay of the same id is refused).
     */
    id: string;
    kind:
      | 'apply_patch'
      | 'restart'
      | 'rollback'
      | 'sandbox'
      | 'sysctl'
      | 'os_package'
      | 'metrics'
      | 'inventory'
      | 'deploy';
    /**
     * The runner's host id; any other runner refuses.
     */
    host: string;
    service?: string;
    /**
     * local:// reference of the artifact involved (apply_patch, rollback to an artifact).
     */
    artifact?: string;
    /**
     * os_package: local:// references of the packages to install (each needs install_package from its repo).
     *
     * @minItems 1
     * @maxItems 64
     */
    artifacts?: string[];
    /**
     * apply_patch: a hash-pinned lockfile, carried in the signed action so the runner installs exactly what was approved.
     */
    lockfile?: {
      format: 'requirements' | 'package-lock';
      content: string;
      /**
       * package-lock: the package.json that goes with it.
       */
      manifest?: string;
    };
    /**
     * sysctl: the drop-in to write (its path must be listed in paths).
     */
    sysctl?: {
      name: string;
      settings: {
        [k: string]: string | number;
      };
    };
    /**
     * rollback: previous, a named environment/release, or a snapshot an apply returned (sysctl:<file>, os-packages-<stamp>).
     */
    snapshot?: string;
    /**
     * deploy: one blue/green step of the service (stage needs a lockfile; verify takes its options from verify).
     */
    deploy?: 'stage' | 'promote' | 'commit' | 'rollback' | 'abort' | 'status' | 'verify';
    /**
     * deploy verify: the load generated against blue's and green's slots (and during green's restart). Absent fields take their defaults.
     */
    verify?: {
      /**
       * Requests per side (default 200).
       */
      requests?: number;
      /**
       * Concurrent requests (default 4).
       */
      concurrency?: number;
      /**
       * GET paths taken in turn (default ["/health"]); only safe requests are generated.
       *
       * @minItems 1
       * @maxItems 16
       */
      paths?: string[];
      /**
       * The fault the router injects on green (default +400 ms, half refused).
       */
      fault?: {
        latency_ms: number;
        error_rate: number;
      };
    };
    /**
     * Absolute paths the action writes (e.g. a sysctl drop-in).
     *
     * @maxItems 32
     */
    paths?: string[];
    /**
     * argv of a sandboxed command.
     *
     * @maxItems 256
     */
    command?: string[];
    remediation_id?: string;
    issued_at: string;
    expires_at: string;
  };
  signature: {
    /**
     * The control plane key (ed25519:<32 hex>).
     */
    key_id: string;
    /**
     * Base64 Ed25519 signature over UTF-8("hale.runner.action.v1" 0x00 JCS(action)).
     */
    sig: string;
  };
}

// runner.rbac.v1: schemas/runner.rbac.v1.schema.json
/**
 * What this runner may do, kept on the runner's host and checked before every action. Everything not allowed here is refused.
 */
export interface RunnerRbacV1 {
  version: 1;
  /**
   * @maxItems 256
   */
  allow: {
    /**
     * restart / apply_patch / rollback: services; write_path: path prefixes; install_package: artifact ref prefixes (local://…); sandbox, metrics, inventory: no target.
     */
    permission:
      | 'restart'
      | 'apply_patch'
      | 'rollback'
      | 'write_path'
      | 'install_package'
      | 'sandbox'
      | 'metrics'
      | 'inventory';
    /**
     * Service names; a trailing * matches a prefix.
     *
     * @maxItems 256
     */
    services?: string[];
    /**
     * Absolute path prefixes ending in / (a directory) or exact files.
     *
     * @maxItems 256
     */
    paths?: string[];
    /**
     * local:// reference prefixes artifacts may come from.
     *
     * @maxItems 256
     */
    repos?: string[];
  }[];
}

// runner.result.v1: schemas/runner.result.v1.schema.json
/**
 * Outcome of executing one remediation request on its host: status, metrics, where the logs are, the pre-change snapshot and a human explanation.
 */
export interface RunnerResultV1 {
  /**
   * id of the remediation.request.v1 this result is for.
   */
  id: string;
  /**
   * deferred: not executed now (e.g. outside a change window); the workflow may retry later.
   */
  status: 'success' | 'failed' | 'rolled_back' | 'deferred';
  /**
   * Numeric measurements, e.g. duration_ms, api_p95_ms_after.
   */
  metrics: {
    [k: string]: number;
  };
  /**
   * Where the execution logs are (scheme://…, e.g. local://logs/req-1.log).
   */
  logs_ref: string;
  /**
   * Reference to the pre-change snapshot, or null when none was taken.
   */
  snapshot: string | null;
  explanation: string;
  host?: string;
  started_at?: string;
  finished_at?: string;
  /**
   * @maxItems 64
   */
  stages?: {
    /**
     * Stage name, e.g. verify_signature, preflight, apply_patch, restart:demo-api, health_check, rollback.
     */
    stage: string;
    status: 'started' | 'succeeded' | 'failed' | 'skipped';
    at: string;
    detail?: string;
  }[];
}

// shard.probe.v1: schemas/shard.probe.v1.schema.json
/**
 * What a runner agent found on its host: OS, language runtimes, GPUs and disks. Used to decide where a remediation can run.
 */
export interface ShardProbeV1 {
  /**
   * Host id from hale.yaml.
   */
  host_id: string;
  probed_at: string;
  os: {
    name: 'linux' | 'windows' | 'macos';
    /**
     * Distribution or OS release, e.g. Ubuntu 24.04.
     */
    release: string;
    kernel: string;
    /**
     * CPU architecture, e.g. x64, arm64.
     */
    arch: string;
  };
  python: {
    /**
     * Python version, or null when no Python interpreter was found.
     */
    version: string | null;
    /**
     * Installed packages: name → version.
     */
    packages?: {
      [k: string]: string;
    };
  };
  node: {
    /**
     * Node.js version, e.g. v20.11.1.
     */
    version: string;
    /**
     * Installed packages: name → version.
     */
    packages?: {
      [k: string]: string;
    };
  };
  /**
   * GPUs found; empty when none.
   *
   * @maxItems 16
   */
  gpu: {
    vendor: string;
    model: string;
    driver: string;
  }[];
  /**
   * @maxItems 64
   */
  disk: {
    /**
     * Mount point or drive, e.g. / or C:\.
     */
    mount: string;
    total_bytes: number;
    free_bytes: number;
  }[];
}

// slo.anomaly.detected.v1: schemas/slo.anomaly.detected.v1.schema.json
/**
 * A detector saw a service indicator breach its SLO threshold over a time window. Starts an incident: root-cause analysis consumes it.
 */
export interface SloAnomalyDetectedV1 {
  id: string;
  detected_at: string;
  /**
   * Service name from hale.yaml.
   */
  service: string;
  /**
   * Host id, when the breach is local to one host.
   */
  host?: string;
  /**
   * The objective that was breached.
   */
  slo: {
    /**
     * Indicator name in snake_case, e.g. api_p95_ms or error_rate.
     */
    indicator: string;
    /**
     * How observed is compared with threshold to call a breach (gt: observed > threshold).
     */
    comparator: 'gt' | 'gte' | 'lt' | 'lte';
    threshold: number;
  };
  /**
   * Indicator value over the window.
   */
  observed: number;
  window: {
    start: string;
    end: string;
  };
  severity: 'info' | 'warning' | 'critical';
  /**
   * Error-budget burn rate over the window (1 = exactly on budget).
   */
  burn_rate?: number;
  /**
   * Id of the detector that raised the anomaly.
   */
  detector?: string;
  /**
   * References to dashboards, queries, traces or log excerpts (scheme://…).
   *
   * @maxItems 32
   */
  evidence_refs?: string[];
  labels?: {
    [k: string]: string;
  };
}
