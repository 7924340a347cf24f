export { HaleError, isHaleError } from './hale-error';
