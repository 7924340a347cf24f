import { checkFlags, parseArgs, stringFlag } from '../args';
import { apiRequest } from '../http';
import { UsageError } from '../usage-error';

export const deployHelp = `hale deploy rollback DEPLOYMENT_ID --actor ID --reason TEXT [--api URL]
  Within a deployment's armed window, takes traffic back to the still-warm previous release
  (POST /api/v1/deployments/:id/rollback). Exit 0 accepted, 2 refused (bad input, window closed,
  unknown id), 1 server error.`;

export async function deployCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, ['api', 'actor', 'reason']);
  const api = stringFlag(args, 'api') ?? `http://127.0.0.1:${process.env.HALE_API_PORT ?? '8080'}`;
  const [verb, id] = args.positional;
  const actor = stringFlag(args, 'actor');
  const reason = stringFlag(args, 'reason');
  if (verb !== 'rollback' || !id || !actor || !reason) throw new UsageError(deployHelp);
  const response = await apiRequest(api, 'POST', `/api/v1/deployments/${encodeURIComponent(id)}/rollback`, {
    actor,
    reason,
  });
  console.log(JSON.stringify(response.body, null, 2));
  if (response.status >= 400 && response.status < 500) return 2;
  return response.status >= 500 ? 1 : 0;
}
