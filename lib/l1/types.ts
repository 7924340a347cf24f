import type { Vote } from '../voting';

/** A file the change adds, modifies or deletes; paths are relative, `/`-separated, without `..`. */
export interface L1ChangedFile {
  path: string;
  /** The new content; `null` when the change deletes the file. */
  content: string | null;
  /** The content before the change, when known (undefined for an added file). */
  previous?: string;
}

/** The lockfile of the change: requirements.lock (pip, hash-pinned) or package-lock.json (npm). */
export interface L1Lockfile {
  /** File name; `package-lock.json` / `npm-shrinkwrap.json` mean npm, anything else pip. */
  file_name: string;
  /** The lock before the change (absent for a new service). */
  old?: string;
  new: string;
}

/**
 * The service's dependency policy. Keys are package names (PyPI names are compared
 * PEP 503-normalised); ranges use the ecosystem's syntax (PEP 440 specifiers `>=2.28,<3`, npm
 * ranges `^4.18.0 || ^5`).
 */
export interface L1ServicePolicy {
  /** Versions each package may be locked at. Packages without an entry are not constrained. */
  allowed_ranges?: Record<string, string>;
  /** Minimum version per package: a lock below it is refused (downgrade below the security floor). */
  security_floor?: Record<string, string>;
}

/** What L1 votes on: one remediation request's change. Plain data, so it can cross an activity boundary. */
export interface L1Input {
  /** The remediation.request.v1 id. */
  request_id: string;
  /** The request's sign.digest (`sha256:<hex>`). */
  artifact_digest: string;
  service: string;
  lockfile?: L1Lockfile;
  files?: L1ChangedFile[];
  policy?: L1ServicePolicy;
}

/** One voter. Voters never throw for a finding; a throw or a timeout becomes an abstention. */
export interface L1Voter {
  /** Voter id recorded with the vote (`rules`, `security`, `reviewer:offline-heuristic`). */
  readonly id: string;
  vote(input: L1Input, signal: AbortSignal): Promise<Vote>;
}
