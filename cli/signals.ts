/**
 * Runs `stop` once on the first SIGINT/SIGTERM; a second signal exits at once (code 130).
 * Returns a promise that resolves with the signal name after `stop` finished.
 */
export function untilSignal(stop: () => Promise<void>): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (stopping) process.exit(130);
      stopping = true;
      process.stderr.write(`\nhale: ${signal} received, stopping (again to force)…\n`);
      void stop().finally(() => resolve(signal));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
