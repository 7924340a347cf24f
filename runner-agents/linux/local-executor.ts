import os from 'node:os';
import type { CommandExecutor } from '../api';
import { exec } from './exec';

/**
 * Runs planned commands on this host without a shell (what real hosts give the systemd driver),
 * with `LANG=C.UTF-8` so messages are the untranslated ones the parsers read. A command killed by
 * a signal (e.g. at the timeout) reports exit 128+N, as a shell would. A program that cannot be
 * started rejects (ENOENT…).
 */
export function localExecutor(opts: { timeoutMs?: number } = {}): CommandExecutor {
  return {
    async run(command) {
      const r = await exec([command.program, ...command.args], {
        timeoutMs: opts.timeoutMs ?? 120000,
        env: {
          PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
          LANG: 'C.UTF-8',
          SYSTEMD_PAGER: '',
        },
      });
      const signalNo = r.signal ? os.constants.signals[r.signal] : undefined;
      return { exitCode: r.exitCode ?? 128 + (signalNo ?? 0), stdout: r.stdout, stderr: r.stderr };
    },
  };
}
