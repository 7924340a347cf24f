import type { CommandOutput, PlannedCommand } from '../api';
import { WindowsRunnerError } from './errors';
import { checkWindowsPath, parseJsonObject, psPlan, psQuote, requireSuccess } from './powershell';

/** `System.Management.Automation.SignatureStatus` by number (Windows PowerShell 5.1 serialises enums as numbers). */
const STATUS: Record<number, string> = {
  0: 'Valid',
  1: 'UnknownError',
  2: 'NotSigned',
  3: 'HashMismatch',
  4: 'NotTrusted',
  5: 'NotSupportedFileFormat',
  6: 'Incompatible',
};

export interface AuthenticodeResult {
  path: string;
  status: 'Valid';
  thumbprint: string;
  subject: string;
}

export function authenticodePlan(file: string): PlannedCommand {
  const q = psQuote(checkWindowsPath(file, 'signed file'), 'signed file');
  return psPlan(
    `Get-AuthenticodeSignature -LiteralPath ${q} | Select-Object Path, Status, StatusMessage, ` +
      `@{Name='Thumbprint';Expression={$_.SignerCertificate.Thumbprint}}, ` +
      `@{Name='Subject';Expression={$_.SignerCertificate.Subject}} | ConvertTo-Json`,
    `check the Authenticode signature of ${file}`,
  );
}

/**
 * Reads the signature. Anything but `Valid` is SIGNATURE_NOT_VALID; a Valid signature whose signer
 * thumbprint is not in `trusted` (when given) is SIGNER_NOT_TRUSTED.
 */
export function parseAuthenticode(
  command: PlannedCommand,
  output: CommandOutput,
  trusted?: readonly string[],
): AuthenticodeResult {
  requireSuccess(command, output);
  const json = parseJsonObject(output.stdout, 'Get-AuthenticodeSignature');
  const status = typeof json.Status === 'number' ? STATUS[json.Status] : json.Status;
  const path = typeof json.Path === 'string' ? json.Path : '';
  if (typeof status !== 'string')
    throw new WindowsRunnerError('OUTPUT_UNPARSABLE', 'Get-AuthenticodeSignature: no Status', {
      details: { path },
    });
  if (status !== 'Valid')
    throw new WindowsRunnerError('SIGNATURE_NOT_VALID', `Authenticode status of ${path} is ${status}`, {
      details: { path, status, statusMessage: json.StatusMessage },
    });
  const thumbprint = typeof json.Thumbprint === 'string' ? json.Thumbprint.toUpperCase() : '';
  const subject = typeof json.Subject === 'string' ? json.Subject : '';
  if (!/^[0-9A-F]{40}$/.test(thumbprint))
    throw new WindowsRunnerError(
      'OUTPUT_UNPARSABLE',
      'Get-AuthenticodeSignature: Valid without a thumbprint',
      {
        details: { path },
      },
    );
  if (trusted && !trusted.map((t) => t.toUpperCase()).includes(thumbprint))
    throw new WindowsRunnerError('SIGNER_NOT_TRUSTED', `${path} is signed by an untrusted certificate`, {
      details: { path, thumbprint, subject },
    });
  return { path, status: 'Valid', thumbprint, subject };
}
