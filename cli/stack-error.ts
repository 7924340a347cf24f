import { HaleError } from '../lib/errors';

export type StackErrorCode = 'PORT_IN_USE' | 'WORKER_FAILED';
export class StackError extends HaleError<StackErrorCode> {}
