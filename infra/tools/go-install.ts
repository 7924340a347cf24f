import { spawn } from 'node:child_process';

export interface GoInstallResult {
  ok: boolean;
  /** The last 20,000 characters go printed (stdout and stderr). */
  output: string;
  ms: number;
}

/** Runs `go install <target>` with GOBIN=binDir; a progress line every `tickMs` while it runs. */
export function goInstall(
  target: string,
  binDir: string,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
  tickMs = 15000,
): Promise<GoInstallResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('go', ['install', target], {
      env: { ...env, GOBIN: binDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let downloads = 0;
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-20000);
      downloads += (text.match(/go: downloading/g) ?? []).length;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const seconds = (): number => Math.round((Date.now() - started) / 1000);
    const ticker = setInterval(() => {
      progress(`  … still building (${seconds()} s, ${downloads} modules downloaded)`);
    }, tickMs);
    child.on('error', (err) => {
      clearInterval(ticker);
      resolve({ ok: false, output: `cannot run go: ${err.message}`, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      resolve({ ok: code === 0, output, ms: Date.now() - started });
    });
  });
}
