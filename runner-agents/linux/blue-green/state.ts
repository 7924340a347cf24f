import fs from 'node:fs';
import { writeFileAtomic } from '../../../lib/fs';
import { BlueGreenError } from './errors';

export type Slot = 'a' | 'b';
export const otherSlot = (s: Slot): Slot => (s === 'a' ? 'b' : 'a');

/**
 * Where a blue/green service stands, kept on disk (fsync'd rename) so a restarted runner knows:
 * `live` is the slot behind the router's blue; `candidate` the one staged beside it (green);
 * `promoted` is set between promotion (traffic on green) and commit (green becomes the new live).
 */
export interface BlueGreenState {
  live: Slot;
  candidate: { slot: Slot; env: string; staged_at: string; refs: string[] } | null;
  promoted: { at: string; previous_env: string | null } | null;
}

export const INITIAL_STATE: BlueGreenState = { live: 'a', candidate: null, promoted: null };

export function readState(file: string): BlueGreenState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...INITIAL_STATE };
    throw err;
  }
  try {
    const s = JSON.parse(text) as BlueGreenState;
    if ((s.live !== 'a' && s.live !== 'b') || s.candidate === undefined || s.promoted === undefined) {
      throw new Error('missing live, candidate or promoted');
    }
    return s;
  } catch (err) {
    throw new BlueGreenError('BLUEGREEN_STATE_INVALID', `${file}: ${(err as Error).message}`, { cause: err });
  }
}

export function writeState(file: string, state: BlueGreenState): BlueGreenState {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
  return state;
}
