export * from '../../../lib/ledger';
export { frontierAt as MerkleFrontierForTests } from '../../../lib/ledger';
