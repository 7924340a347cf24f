import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './doc-examples';

describe('schemas/types.generated.ts', () => {
  const committed = fs.readFileSync(path.join(repoRoot, 'schemas', 'types.generated.ts'), 'utf8');

  it('is up to date with schemas/*.schema.json (run npm run gen:types)', () => {
    const fresh = execFileSync(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'gen-schema-types.js'), '--stdout'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(committed).toBe(fresh);
  });

  it('holds only type declarations', () => {
    const code = committed.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const topLevel = code.split('\n').filter((line) => /^\S/.test(line) && !/^[}\]);]/.test(line));
    expect(topLevel.filter((line) => !/^export (interface|type) \w+/.test(line))).toEqual([]);
  });

  it.each([
    'GovernanceDecisionV1',
    'GovernanceInputV1',
    'HaleConfigV1',
    'KpiTrustUpdateV1',
    'L1ConsensusResultV1',
    'L2ConsensusResultV1',
    'RcaHypothesisV1',
    'RemediationRequestV1',
    'RunnerResultV1',
    'ShardProbeV1',
    'SloAnomalyDetectedV1',
  ])('exports %s', (name) => {
    expect(committed).toMatch(new RegExp(`^export interface ${name} \\{`, 'm'));
  });
});
