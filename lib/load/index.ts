export { LoadError, type LoadCode } from './errors';
export { generateLoad, type LoadOptions, type LoadStats } from './generate';
export { percentile } from './percentile';
