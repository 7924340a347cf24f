import { HaleError } from '../lib/errors';

/** A wrong command line: exit code 2. */
export class UsageError extends HaleError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}
