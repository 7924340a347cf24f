import fs from 'node:fs';
import os from 'node:os';
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { HostOs, PipelineStage } from '../../workflows/definitions';
import type { RemediationRequestV1 } from '../../schemas/types.generated';

export interface RunnerStageInput {
  stage: PipelineStage;
  request: RemediationRequestV1;
}

export interface RunnerReport {
  host: string;
  os: HostOs;
  stage: PipelineStage;
  node: string;
  kernel: string;
  disk: { mount: string; total_bytes: number; free_bytes: number }[];
  /** What the runner did. Runner adapters (apply_patch, restart, …) arrive with the runner issue. */
  action: 'probe';
}

/** Runner-side activities for the runner worker of one host. */
export function createRunnerActivities(deps: { hostId: string; os: HostOs; log: Logger; dataDir: string }) {
  return {
    async runnerStage(input: RunnerStageInput): Promise<RunnerReport> {
      if (input.stage !== 'Sandbox.run' && input.stage !== 'Deploy') {
        throw ApplicationFailure.nonRetryable(
          `stage ${input.stage} does not run on a runner`,
          'RUNNER_STAGE_INVALID',
        );
      }
      const stats = await fs.promises.statfs(fs.existsSync(deps.dataDir) ? deps.dataDir : '/');
      const report: RunnerReport = {
        host: deps.hostId,
        os: deps.os,
        stage: input.stage,
        node: process.version,
        kernel: os.release(),
        disk: [
          {
            mount: deps.dataDir,
            total_bytes: stats.blocks * stats.bsize,
            free_bytes: stats.bavail * stats.bsize,
          },
        ],
        action: 'probe',
      };
      deps.log.info({ remediation: input.request.id, stage: input.stage, host: deps.hostId }, 'runner stage');
      return report;
    },
  };
}

export type RunnerActivities = ReturnType<typeof createRunnerActivities>;
