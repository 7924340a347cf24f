import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/pipeline';

/**
 * Every committed history must replay against today's workflow code: a change that would break
 * running workflows fails here (change workflow logic through `patched()`).
 */
const dir = path.resolve(__dirname, '..', 'histories');
const histories = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of committed workflow histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
  });

  it.each(histories)('%s replays without nondeterminism', async (file) => {
    const history = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      history,
      file.replace(/\.json$/, ''),
    );
  });
});
