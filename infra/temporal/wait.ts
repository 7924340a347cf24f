import { Connection } from '@temporalio/client';
import { TemporalBootstrapError } from './errors';

/** Polls until the server at `address` answers and `namespace` can be described. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await connection?.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new TemporalBootstrapError(
    'TEMPORAL_UNREACHABLE',
    `Temporal at ${address} did not answer within ${timeoutMs} ms: ${lastError}`,
    {
      details: { address },
    },
  );
}
