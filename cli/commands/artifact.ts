import type { ArtifactErrorCode } from '../../lib/artifacts/errors';
import { ArtifactError } from '../../lib/artifacts/errors';
import { checkFlags, parseArgs, type ParsedArgs } from '../args';
import { signCommand, verifyFileCommand } from '../artifact/file-commands';
import { keysGenerateCommand, keysImportCommand } from '../artifact/key-commands';
import {
  addCommand,
  importCommand,
  listCommand,
  resolveCommand,
  sbomCommand,
  statusCommand,
  verifyRefCommand,
} from '../artifact/store-commands';
import { UsageError } from '../usage-error';

export const artifactHelp = `hale artifact import DIR                      sign, SBOM and index a pre-mirrored folder (wheels, .tgz, .deb)
hale artifact add FILE [--kind K --name N --version V]
hale artifact list [--json]
hale artifact verify local://REF [--sandbox]  the check done before every install or launch
hale artifact verify FILE --key cosign.pub (--signature SIG | --bundle B.json)
hale artifact sign FILE --key cosign.key [--bundle OUT.json]   prints the base64 signature (as cosign)
hale artifact sbom local://REF
hale artifact mark-bad|quarantine|release local://REF --reason TEXT
hale artifact resolve requirements.lock|package-lock.json [--json]   exit 3: something is deferred
hale artifact keys generate | keys import --role signing|index --key cosign.key
  Private keys are cosign's encrypted format; the password comes from COSIGN_PASSWORD.
  Exit 0 ok, 1 verification failed (reason printed), 2 bad usage or input, 3 deferred.`;

/** Codes that mean the caller gave something unusable (exit 2), rather than a check that failed (exit 1). */
const INPUT_CODES: ReadonlySet<ArtifactErrorCode> = new Set<ArtifactErrorCode>([
  'ARTIFACT_INPUT_INVALID',
  'ARTIFACT_REF_INVALID',
  'KEY_MALFORMED',
  'KEY_PASSWORD_WRONG',
  'KEY_PASSWORD_MISSING',
  'KEY_UNSUPPORTED',
  'SIGNATURE_MALFORMED',
  'BUNDLE_MALFORMED',
  'RESOLVE_LOCKFILE_INVALID',
]);

type Sub = { run: (args: ParsedArgs) => Promise<number>; flags: string[] };

const SUBCOMMANDS: Record<string, Sub> = {
  import: { run: importCommand, flags: ['actor'] },
  add: { run: addCommand, flags: ['kind', 'name', 'version', 'actor'] },
  list: { run: listCommand, flags: ['json'] },
  verify: {
    run: (args) =>
      args.positional[1]?.startsWith('local://') ? verifyRefCommand(args) : verifyFileCommand(args),
    flags: ['key', 'signature', 'bundle', 'sandbox'],
  },
  sign: { run: signCommand, flags: ['key', 'bundle'] },
  sbom: { run: sbomCommand, flags: [] },
  'mark-bad': { run: statusCommand('bad'), flags: ['reason', 'actor'] },
  quarantine: { run: statusCommand('quarantined'), flags: ['reason', 'actor'] },
  release: { run: statusCommand('good'), flags: ['reason', 'actor'] },
  resolve: { run: resolveCommand, flags: ['json'] },
};

const KEY_SUBCOMMANDS: Record<string, Sub> = {
  generate: { run: keysGenerateCommand, flags: [] },
  import: { run: keysImportCommand, flags: ['role', 'key'] },
};

export async function artifactCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'sandbox']);
  const [name, second] = args.positional;
  const sub = name === 'keys' ? KEY_SUBCOMMANDS[second ?? ''] : SUBCOMMANDS[name ?? ''];
  if (!sub) throw new UsageError(artifactHelp);
  checkFlags(args, ['config', ...sub.flags]);
  try {
    return await sub.run(args);
  } catch (err) {
    if (err instanceof ArtifactError && INPUT_CODES.has(err.code)) {
      throw new UsageError(`${err.code}: ${err.message}`);
    }
    throw err;
  }
}
