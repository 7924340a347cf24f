import type { SchemaObject } from 'ajv';
import type {
  ArtifactIndexV1,
  ArtifactTrustPolicyV1,
  GovernanceDecisionV1,
  GovernanceInputV1,
  KpiTrustUpdateV1,
  L1ConsensusResultV1,
  L2ConsensusResultV1,
  RcaHypothesisV1,
  RemediationRequestV1,
  RunnerActionV1,
  RunnerRbacV1,
  RunnerResultV1,
  ShardProbeV1,
  SloAnomalyDetectedV1,
} from '../../schemas/types.generated';
import artifactIndex from '../../schemas/artifact.index.v1.schema.json';
import artifactTrustPolicy from '../../schemas/artifact.trust-policy.v1.schema.json';
import governanceDecision from '../../schemas/governance.decision.v1.schema.json';
import governanceInput from '../../schemas/governance.input.v1.schema.json';
import kpiTrustUpdate from '../../schemas/kpi.trust.update.v1.schema.json';
import l1ConsensusResult from '../../schemas/l1.consensus.result.v1.schema.json';
import l2ConsensusResult from '../../schemas/l2.consensus.result.v1.schema.json';
import rcaHypothesis from '../../schemas/rca.hypothesis.v1.schema.json';
import remediationRequest from '../../schemas/remediation.request.v1.schema.json';
import runnerAction from '../../schemas/runner.action.v1.schema.json';
import runnerRbac from '../../schemas/runner.rbac.v1.schema.json';
import runnerResult from '../../schemas/runner.result.v1.schema.json';
import shardProbe from '../../schemas/shard.probe.v1.schema.json';
import sloAnomalyDetected from '../../schemas/slo.anomaly.detected.v1.schema.json';

/** Contract name → the document type generated from its JSON Schema. */
export interface ContractTypes {
  'slo.anomaly.detected.v1': SloAnomalyDetectedV1;
  'rca.hypothesis.v1': RcaHypothesisV1;
  'l1.consensus.result.v1': L1ConsensusResultV1;
  'l2.consensus.result.v1': L2ConsensusResultV1;
  'kpi.trust.update.v1': KpiTrustUpdateV1;
  'remediation.request.v1': RemediationRequestV1;
  'runner.result.v1': RunnerResultV1;
  'shard.probe.v1': ShardProbeV1;
  'artifact.index.v1': ArtifactIndexV1;
  'artifact.trust-policy.v1': ArtifactTrustPolicyV1;
  'runner.action.v1': RunnerActionV1;
  'runner.rbac.v1': RunnerRbacV1;
  'governance.input.v1': GovernanceInputV1;
  'governance.decision.v1': GovernanceDecisionV1;
}

export type ContractName = keyof ContractTypes;

/** The JSON Schema of every contract (the mapped type makes a missing one a compile error). */
export const contractSchemas: { readonly [N in ContractName]: SchemaObject } = {
  'slo.anomaly.detected.v1': sloAnomalyDetected,
  'rca.hypothesis.v1': rcaHypothesis,
  'l1.consensus.result.v1': l1ConsensusResult,
  'l2.consensus.result.v1': l2ConsensusResult,
  'kpi.trust.update.v1': kpiTrustUpdate,
  'remediation.request.v1': remediationRequest,
  'runner.result.v1': runnerResult,
  'shard.probe.v1': shardProbe,
  'artifact.index.v1': artifactIndex,
  'artifact.trust-policy.v1': artifactTrustPolicy,
  'runner.action.v1': runnerAction,
  'runner.rbac.v1': runnerRbac,
  'governance.input.v1': governanceInput,
  'governance.decision.v1': governanceDecision,
};

/** Every contract name, in pipeline order. */
export const contractNames: readonly ContractName[] = Object.freeze(
  Object.keys(contractSchemas) as ContractName[],
);

export function isContractName(name: unknown): name is ContractName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contractSchemas, name);
}
