import fs from 'node:fs';
import { ContractError, validateContract } from '../../lib/contracts';
import { signRequest } from '../../lib/signing';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { apiRequest } from '../http';
import { UsageError } from '../usage-error';

export const remediationHelp = `hale remediation submit FILE.json [--api URL]
hale remediation status ID [--api URL]
hale remediation sign FILE.json --key KEY.pem
  submit / status talk to the Hale API (default http://127.0.0.1:\${HALE_API_PORT:-8080}).
  sign prints the request with sign = its digest and an ECDSA P-256 signature by KEY.pem (PKCS#8);
  the site trusts the public half through hale.yaml pipeline.request_keys.`;

function readJson(file: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new UsageError(`${file}: a remediation request is a JSON object`);
  return body as Record<string, unknown>;
}

function signCommand(file: string, keyFile: string | undefined): number {
  if (!keyFile) throw new UsageError(`sign needs --key KEY.pem\n\n${remediationHelp}`);
  let pem: string;
  try {
    pem = fs.readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw new UsageError(`--key ${keyFile}: ${(err as Error).message}`);
  }
  let signed;
  try {
    signed = signRequest(readJson(file), pem);
  } catch (err) {
    throw new UsageError(`--key ${keyFile}: not an ECDSA P-256 private key (${(err as Error).message})`);
  }
  try {
    validateContract('remediation.request.v1', signed);
  } catch (err) {
    if (err instanceof ContractError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  console.log(JSON.stringify(signed, null, 2));
  return 0;
}

export async function remediationCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['api', 'key']);
  const api = stringFlag(args, 'api') ?? `http://127.0.0.1:${process.env.HALE_API_PORT ?? '8080'}`;
  const [verb, target] = args.positional;
  if (!target || !['submit', 'status', 'sign'].includes(verb ?? '')) throw new UsageError(remediationHelp);
  if (verb === 'sign') return signCommand(target, stringFlag(args, 'key'));
  let response;
  if (verb === 'submit') {
    response = await apiRequest(api, 'POST', '/api/v1/remediations', readJson(target));
  } else {
    response = await apiRequest(api, 'GET', `/api/v1/remediations/${encodeURIComponent(target)}`);
  }
  console.log(JSON.stringify(response.body, null, 2));
  if (response.status >= 400 && response.status < 500) return 2;
  return response.status >= 500 ? 1 : 0;
}
