import type { CommandOutput, PlannedCommand } from '../api';
import { checkPath, firstLine } from './checks';
import { MacRunnerError } from './errors';

export function codesignPlan(target: string): PlannedCommand {
  return {
    program: 'codesign',
    args: ['--verify', '--deep', '--strict', '--verbose=2', checkPath(target, 'code path')],
    purpose: `verify the code signature of ${target}`,
  };
}

/** codesign reports on stderr: `<path>: valid on disk` + `<path>: satisfies its Designated Requirement`. */
export function parseCodesign(target: string, output: CommandOutput): { path: string; valid: true } {
  const text = `${output.stderr}\n${output.stdout}`;
  if (/code object is not signed at all/.test(text))
    throw new MacRunnerError('CODE_NOT_SIGNED', `${target} is not signed`, { details: { path: target } });
  if (
    output.exitCode !== 0 ||
    !/valid on disk/.test(text) ||
    !/satisfies its Designated Requirement/.test(text)
  )
    throw new MacRunnerError('SIGNATURE_NOT_VALID', `${target}: ${firstLine(output)}`, {
      details: { path: target, exitCode: output.exitCode },
    });
  return { path: target, valid: true };
}

export function pkgSignaturePlan(pkg: string): PlannedCommand {
  return {
    program: 'pkgutil',
    args: ['--check-signature', checkPath(pkg, 'package')],
    purpose: `check the installer signature of ${pkg}`,
  };
}

export interface PackageSignature {
  status: string;
  notarization?: string;
  signer: string;
  /** SHA-256 fingerprint of the leaf certificate, upper-case hex without spaces. */
  fingerprint: string;
}

/**
 * Reads `Status:`, `Notarization:` and the first certificate of the chain (name and SHA256
 * Fingerprint, whose hex bytes wrap over lines). `no signature` is CODE_NOT_SIGNED, any other
 * failure SIGNATURE_NOT_VALID, a leaf outside `trusted` (when given) SIGNER_NOT_TRUSTED.
 */
export function parsePkgSignature(
  pkg: string,
  output: CommandOutput,
  trusted?: readonly string[],
): PackageSignature {
  const text = output.stdout;
  const status = /^\s*Status: (.+)$/m.exec(text)?.[1]?.trim();
  if (status === 'no signature')
    throw new MacRunnerError('CODE_NOT_SIGNED', `${pkg} has no signature`, { details: { path: pkg } });
  if (output.exitCode !== 0 || !status?.startsWith('signed'))
    throw new MacRunnerError('SIGNATURE_NOT_VALID', `${pkg}: ${status ?? firstLine(output)}`, {
      details: { path: pkg, status, exitCode: output.exitCode },
    });
  // The leaf runs from "1. <name>" to the dashed separator (or the next entry, or the end).
  const leaf = /^[ \t]*1\. (.+)\n([\s\S]*?)(?=\n[ \t]*-{8,}|\n[ \t]*2\. |$(?![\s\S]))/m.exec(text);
  const fingerprint =
    /SHA256 Fingerprint:\s*([0-9A-F \n]+)/.exec(leaf?.[2] ?? '')?.[1]?.replace(/\s+/g, '') ?? '';
  if (!leaf?.[1] || !/^[0-9A-F]{64}$/.test(fingerprint))
    throw new MacRunnerError('OUTPUT_UNPARSABLE', `pkgutil: no leaf certificate for ${pkg}`, {
      details: { pkg },
    });
  if (trusted && !trusted.map((t) => t.replace(/\s+/g, '').toUpperCase()).includes(fingerprint))
    throw new MacRunnerError('SIGNER_NOT_TRUSTED', `${pkg} is signed by an untrusted certificate`, {
      details: { path: pkg, signer: leaf[1], fingerprint },
    });
  const notarization = /^\s*Notarization: (.+)$/m.exec(text)?.[1]?.trim();
  return { status, notarization, signer: leaf[1].trim(), fingerprint };
}
