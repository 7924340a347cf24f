import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCapture } from '../../../infra/tools/run-capture';
import { L1Error } from '../errors';
import type { L1ChangedFile } from '../types';

export type BanditLevel = 'LOW' | 'MEDIUM' | 'HIGH';
const LEVELS: readonly BanditLevel[] = ['LOW', 'MEDIUM', 'HIGH'];

export interface BanditFinding {
  file: string;
  line: number;
  test_id: string;
  test_name: string;
  severity: BanditLevel;
  confidence: BanditLevel;
  text: string;
  cwe?: number;
}

export interface BanditReport {
  findings: BanditFinding[];
  /** Files bandit could not scan (syntax errors, …), with its message. */
  errors: { file: string; reason: string }[];
  files: number;
  ms: number;
}

export const isPythonFile = (p: string): boolean => /\.pyi?$/.test(p);

export function banditLevelRank(level: BanditLevel): number {
  return LEVELS.indexOf(level);
}

const level = (v: unknown): BanditLevel => (LEVELS.includes(v as BanditLevel) ? (v as BanditLevel) : 'HIGH');
const relative = (f: unknown): string => String(f).replace(/^\.\//, '');

/** Parses `bandit -f json` output (bandit 1.9). Throws SAST_FAILED when it is not that. */
export function parseBanditJson(text: string): Omit<BanditReport, 'files' | 'ms'> {
  let doc: { results?: unknown; errors?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new L1Error('SAST_FAILED', `bandit printed no JSON report: ${text.slice(0, 200)}`, { cause: err });
  }
  if (!Array.isArray(doc.results) || !Array.isArray(doc.errors)) {
    throw new L1Error('SAST_FAILED', 'bandit JSON report has no results/errors lists');
  }
  const findings = (doc.results as Record<string, unknown>[]).map((r) => {
    const cwe = (r.issue_cwe as { id?: unknown } | undefined)?.id;
    return {
      file: relative(r.filename),
      line: Number(r.line_number) || 0,
      test_id: String(r.test_id),
      test_name: String(r.test_name),
      // Unknown levels count as HIGH: an unreadable finding must not pass.
      severity: level(r.issue_severity),
      confidence: level(r.issue_confidence),
      text: String(r.issue_text),
      ...(typeof cwe === 'number' ? { cwe } : {}),
    };
  });
  const errors = (doc.errors as Record<string, unknown>[]).map((e) => ({
    file: relative(e.filename),
    reason: String(e.reason),
  }));
  return { findings, errors };
}

/**
 * Runs bandit (offline, no config from the change) over the changed Python files: they are written
 * under a fresh temporary directory at their relative paths and scanned with
 * `bandit -r -f json -q --ignore-nosec .` (a `# nosec` in the change does not hide a finding). Exit 0 (clean) and 1 (findings) are both reports; anything else,
 * or no JSON, is SAST_FAILED.
 */
export async function runBandit(
  bandit: string,
  files: L1ChangedFile[],
  options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<BanditReport> {
  const python = files.filter((f) => f.content !== null && isPythonFile(f.path));
  if (python.length === 0) return { findings: [], errors: [], files: 0, ms: 0 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bandit-'));
  try {
    for (const f of python) {
      const target = path.join(dir, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content as string);
    }
    const result = await runCapture(bandit, ['-r', '-f', 'json', '-q', '--ignore-nosec', '.'], {
      cwd: dir,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    if (options.signal?.aborted) throw new L1Error('VOTER_TIMEOUT', 'bandit was stopped (timeout)');
    if (result.spawnError || (result.code !== 0 && result.code !== 1)) {
      const why =
        result.spawnError ??
        `exit ${String(result.code)}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      throw new L1Error('SAST_FAILED', `bandit failed: ${why}`, { details: { bandit } });
    }
    return { ...parseBanditJson(result.stdout), files: python.length, ms: result.ms };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
