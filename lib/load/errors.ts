import { HaleError } from '../errors';

export type LoadCode = 'LOAD_TARGET_NOT_LOOPBACK' | 'LOAD_INPUT_INVALID';
export class LoadError extends HaleError<LoadCode> {}
