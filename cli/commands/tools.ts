import { resolveTemporalCli } from '../../infra/temporal';
import { resolveBandit, resolveCosign, resolveOpa } from '../../infra/tools';
import { checkFlags, parseArgs } from '../args';

export const toolsHelp = `hale tools
  Finds or builds the tools Hale runs: the Temporal CLI ($TEMPORAL_CLI, PATH, .tools/, else go install),
  cosign ($COSIGN_CLI, .tools/, PATH, else go install) and opa, the policy compiler ($OPA_CLI, .tools/,
  PATH, else go install), and bandit, the Python SAST tool of L1 ($BANDIT_CLI, else a venv in
  .tools/bandit made with python3 -m venv and pip --isolated install bandit==1.9.4).`;

function seconds(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}

export async function toolsCommand(argv: string[]): Promise<number> {
  checkFlags(parseArgs(argv), []);
  const onProgress = (line: string): void => console.log(`hale: ${line}`);
  let started = Date.now();
  const cli = await resolveTemporalCli({ onProgress });
  console.log(`hale: temporal CLI: ${cli.path} (${cli.source}, ${seconds(started)} s)`);
  started = Date.now();
  const cosign = await resolveCosign({ onProgress });
  console.log(`hale: cosign: ${cosign.path} (${cosign.source}, ${seconds(started)} s)`);
  started = Date.now();
  const opa = await resolveOpa({ onProgress });
  console.log(`hale: opa: ${opa.path} (${opa.source}, ${seconds(started)} s)`);
  started = Date.now();
  const bandit = await resolveBandit({ onProgress });
  console.log(`hale: bandit: ${bandit.path} (${bandit.source}, ${seconds(started)} s)`);
  return 0;
}
