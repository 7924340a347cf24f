export type { Vote } from '../voting';

/** A gate's finding: missing data is `inconclusive`, never a pass. */
export type GateOutcome = 'pass' | 'fail' | 'inconclusive';
