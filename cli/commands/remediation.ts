import fs from 'node:fs';
import { checkFlags, parseArgs, stringFlag } from '../args';
import { apiRequest } from '../http';
import { UsageError } from '../usage-error';

export const remediationHelp = `hale remediation submit FILE.json [--api URL]
hale remediation status ID [--api URL]
  Talks to the Hale API (default http://127.0.0.1:\${HALE_API_PORT:-8080}).`;

export async function remediationCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['api']);
  const api = stringFlag(args, 'api') ?? `http://127.0.0.1:${process.env.HALE_API_PORT ?? '8080'}`;
  const [verb, target] = args.positional;
  if (!target || (verb !== 'submit' && verb !== 'status')) throw new UsageError(remediationHelp);
  let response;
  if (verb === 'submit') {
    let body: unknown;
    try {
      body = JSON.parse(fs.readFileSync(target, 'utf8'));
    } catch (err) {
      throw new UsageError(
        `${target}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    response = await apiRequest(api, 'POST', '/api/v1/remediations', body);
  } else {
    response = await apiRequest(api, 'GET', `/api/v1/remediations/${encodeURIComponent(target)}`);
  }
  console.log(JSON.stringify(response.body, null, 2));
  if (response.status >= 400 && response.status < 500) return 2;
  return response.status >= 500 ? 1 : 0;
}
