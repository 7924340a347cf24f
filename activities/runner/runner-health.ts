import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import type { Db } from '../../lib/db';
import { appendEntry } from '../../lib/ledger';

type HostOs = 'linux' | 'windows' | 'macos';
const hostQueue = (os: HostOs, host: string) => `hale.runner.${os}.${host}`;

/** What the control plane can tell about a runner without touching its host (read-only). */
export interface RunnerDiagnosis {
  host: string;
  queue: string;
  /** Workers polling the host's queue now (identity and when they last polled). */
  pollers: { identity: string; last_access: string | null }[];
  /** The host's last registration (runners table), null if it never registered. */
  registered: { os: string; registered_at: string; last_seen_at: string } | null;
  /** Other runners of the same OS with a live poller: candidates for a handover. */
  same_os_live: string[];
  summary: string;
}

/** A poller that asked within this long is live. */
const LIVE_MS = 2 * 60 * 1000;

async function pollers(queue: string): Promise<RunnerDiagnosis['pollers']> {
  const ctx = Context.current();
  const res = await ctx.client.workflowService.describeTaskQueue({
    namespace: ctx.info.workflowNamespace,
    taskQueue: { name: queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  return (res.pollers ?? []).map((p) => {
    const seconds = p.lastAccessTime?.seconds;
    return {
      identity: p.identity ?? '',
      last_access:
        seconds === null || seconds === undefined ? null : new Date(Number(seconds) * 1000).toISOString(),
    };
  });
}

const live = (ps: RunnerDiagnosis['pollers'], now: number) =>
  ps.some((p) => p.last_access !== null && now - Date.parse(p.last_access) < LIVE_MS);

async function liveSameOs(db: Db, os: HostOs, exclude: string[]): Promise<string[]> {
  const { rows } = await db.query<{ host_id: string }>(
    `SELECT host_id FROM runners WHERE os = $1 ORDER BY last_seen_at DESC LIMIT 50`,
    [os],
  );
  const out: string[] = [];
  const now = Date.now();
  for (const { host_id } of rows) {
    if (exclude.includes(host_id)) continue;
    if (live(await pollers(hostQueue(os, host_id)), now)) out.push(host_id);
  }
  return out;
}

/**
 * Control-plane activities for a runner that did not pick an action up: a read-only diagnosis
 * (pollers on its queue, its last registration, live runners of the same OS), recorded on the
 * ledger, and the choice of another live runner of the same OS for a handover.
 */
export function createRunnerHealthActivities(deps: { db: Db }) {
  return {
    async pickHandoverHost(input: { os: HostOs; exclude: string[] }): Promise<string | null> {
      return (await liveSameOs(deps.db, input.os, input.exclude))[0] ?? null;
    },

    async diagnoseRunner(input: { os: HostOs; host: string; actionId: string }): Promise<RunnerDiagnosis> {
      const queue = hostQueue(input.os, input.host);
      const ps = await pollers(queue);
      const { rows } = await deps.db.query<{ os: string; registered_at: Date; last_seen_at: Date }>(
        `SELECT os, registered_at, last_seen_at FROM runners WHERE host_id = $1`,
        [input.host],
      );
      const reg = rows[0];
      const others = await liveSameOs(deps.db, input.os, [input.host]);
      const diagnosis: RunnerDiagnosis = {
        host: input.host,
        queue,
        pollers: ps,
        registered: reg
          ? {
              os: reg.os,
              registered_at: new Date(reg.registered_at).toISOString(),
              last_seen_at: new Date(reg.last_seen_at).toISOString(),
            }
          : null,
        same_os_live: others,
        summary:
          ps.length === 0
            ? `no runner polls ${queue}${reg ? ` (last registered ${new Date(reg.last_seen_at).toISOString()})` : ' (never registered)'}`
            : `${ps.length} poller(s) on ${queue} but the action was not picked up in time`,
      };
      const info = Context.current().info;
      await appendEntry(deps.db, {
        type: 'runner.diagnosis',
        actor: 'hale-control',
        subject: { host: input.host, workflow_id: info.workflowExecution?.workflowId ?? 'no-workflow' },
        payload: { action_id: input.actionId, ...diagnosis },
        idempotencyKey: `runner.diagnosis:${input.actionId}`,
      });
      return diagnosis;
    },
  };
}

export type RunnerHealthActivities = ReturnType<typeof createRunnerHealthActivities>;
