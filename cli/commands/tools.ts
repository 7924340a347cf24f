import { resolveTemporalCli } from '../../infra/temporal';
import { checkFlags, parseArgs } from '../args';

export const toolsHelp = `hale tools
  Finds or builds the tools Hale runs (the Temporal CLI: $TEMPORAL_CLI, PATH, .tools/, else go install).`;

export async function toolsCommand(argv: string[]): Promise<number> {
  checkFlags(parseArgs(argv), []);
  const started = Date.now();
  const cli = await resolveTemporalCli({ onProgress: (line) => console.log(`hale: ${line}`) });
  console.log(
    `hale: temporal CLI: ${cli.path} (${cli.source}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return 0;
}
