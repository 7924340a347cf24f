/** One vote as l1/l2 consensus results record it. */
export interface Vote {
  voter: string;
  verdict: 'accept' | 'reject' | 'abstain' | 'veto';
  reasons: string[];
  evidence_refs: string[];
}

/** A gate's finding: missing data is `inconclusive`, never a pass. */
export type GateOutcome = 'pass' | 'fail' | 'inconclusive';
