import { loadConfig } from '../../lib/config';
import { checkFlags, parseArgs } from '../args';

export const configHelp = `hale config check [FILE]
  Validates a hale.yaml (default: $HALE_CONFIG or ./hale.yaml) and prints the effective settings.`;

export async function configCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  checkFlags(args, []);
  const [verb, file] = args.positional;
  if (verb !== 'check') {
    console.error(configHelp);
    return 2;
  }
  const config = loadConfig({ path: file });
  console.log(JSON.stringify(config, null, 2));
  return 0;
}
