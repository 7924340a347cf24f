import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { resolveTemporalCli } from '../../infra/temporal';
import { DEV_SERVER_EXTRA_ARGS, HALE_SEARCH_ATTRIBUTES } from '../../infra/temporal';

/** The temporal CLI built by the set-up (never downloaded: see PITFALLS.md). */
export async function temporalCliPath(): Promise<string> {
  return (await resolveTemporalCli({ build: false })).path;
}

/** A real Temporal dev server on a free port, with Hale's search attributes registered. */
export async function startTestTemporal(
  extra: { dbFilename?: string; port?: number } = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await temporalCliPath() },
      ip: '127.0.0.1',
      extraArgs: [...DEV_SERVER_EXTRA_ARGS],
      searchAttributes: HALE_SEARCH_ATTRIBUTES.map((name) =>
        defineSearchAttributeKey(name, SearchAttributeType.KEYWORD),
      ),
      ...extra,
    },
  });
}

/** A unique id per test (workflow ids, task queues). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
