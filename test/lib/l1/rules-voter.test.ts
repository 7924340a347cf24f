import { createRulesVoter, L1Error, validateServicePolicy, versionScheme } from '../../../lib/l1';
import { change, never, packageLock, requirementsLock } from './helpers';

const voter = createRulesVoter();

describe('rules voter: lockfiles', () => {
  const oldLock = requirementsLock([
    ['requests', '2.31.0'],
    ['urllib3', '2.0.7'],
    ['Jinja2', '3.1.4'],
  ]);
  const policy = {
    allowed_ranges: { requests: '>=2.28,<3', jinja2: '~=3.1.0' },
    security_floor: { urllib3: '2.0.7', jinja2: '3.1.3' },
  };

  it('accepts a pinned lock within ranges and above floors', async () => {
    const newLock = requirementsLock([
      ['requests', '2.32.3'],
      ['urllib3', '2.2.2'],
      ['Jinja2', '3.1.4'],
    ]);
    const vote = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', old: oldLock, new: newLock }, policy }),
      never,
    );
    expect(vote.voter).toBe('rules');
    expect(vote.verdict).toBe('accept');
  });

  it('rejects a downgrade below the security floor, naming package, version, floor and rule', async () => {
    const newLock = requirementsLock([
      ['requests', '2.31.0'],
      ['urllib3', '1.26.18'],
      ['Jinja2', '3.1.4'],
    ]);
    const vote = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', old: oldLock, new: newLock }, policy }),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons).toEqual([
      'security-floor: requirements.lock:3: urllib3 1.26.18 is below the security floor 2.0.7 (lowered from 2.0.7)',
    ]);
  });

  it('rejects versions outside the allowed range, PyPI names compared normalised', async () => {
    const newLock = requirementsLock([
      ['requests', '3.0.0'],
      ['urllib3', '2.0.7'],
      ['jinja2', '3.2.0'],
    ]);
    const vote = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', old: oldLock, new: newLock }, policy }),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons).toEqual([
      'allowed-range: requirements.lock:1: requests 3.0.0 is outside the allowed range ">=2.28,<3"',
      'allowed-range: requirements.lock:5: jinja2 3.2.0 is outside the allowed range "~=3.1.0"',
    ]);
  });

  it('rejects an entry that is not hash-pinned, with the parser’s rule', async () => {
    const newLock = `${requirementsLock([['requests', '2.32.3']])}urllib3==2.2.2\n`;
    const vote = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', new: newLock } }),
      never,
    );
    expect(vote.verdict).toBe('reject');
    expect(vote.reasons[0]).toMatch(
      /^hash-pinned: new lock: requirements\.lock:3: hash-missing: urllib3==2\.2\.2 has no --hash/,
    );
    const ranged = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', new: 'requests>=2\n' } }),
      never,
    );
    expect(ranged.reasons[0]).toMatch(/not-pinned/);
  });

  it('checks package-lock.json with npm ranges and floors; missing integrity is unpinned', async () => {
    const npmPolicy = { allowed_ranges: { express: '^4.18.0' }, security_floor: { lodash: '4.17.21' } };
    const ok = packageLock([
      { name: 'express', version: '4.19.2' },
      { name: 'lodash', version: '4.17.21' },
    ]);
    const accept = await voter.vote(
      change({ lockfile: { file_name: 'package-lock.json', new: ok }, policy: npmPolicy }),
      never,
    );
    expect(accept.verdict).toBe('accept');
    const bad = packageLock([
      { name: 'express', version: '5.0.0' },
      { name: 'lodash', version: '4.17.20' },
    ]);
    const reject = await voter.vote(
      change({ lockfile: { file_name: 'package-lock.json', old: ok, new: bad }, policy: npmPolicy }),
      never,
    );
    expect(reject.reasons).toEqual([
      'allowed-range: package-lock.json:11: express 5.0.0 is outside the allowed range "^4.18.0"',
      'security-floor: package-lock.json:15: lodash 4.17.20 is below the security floor 4.17.21 (lowered from 4.17.21)',
    ]);
    const doc = JSON.parse(ok) as { packages: Record<string, { integrity?: string }> };
    delete doc.packages['node_modules/lodash']?.integrity;
    const unpinned = await voter.vote(
      change({ lockfile: { file_name: 'package-lock.json', new: JSON.stringify(doc) } }),
      never,
    );
    expect(unpinned.reasons[0]).toMatch(
      /^hash-pinned: .*node_modules\/lodash has no integrity \(integrity-missing\)$/,
    );
  });

  it('reports a floor already broken before the change, and an unusable policy', async () => {
    const lock = requirementsLock([['urllib3', '1.26.0']]);
    const vote = await voter.vote(
      change({ lockfile: { file_name: 'requirements.lock', old: lock, new: lock }, policy }),
      never,
    );
    expect(vote.reasons[0]).toContain('(unchanged, already below)');
    const broken = await voter.vote(
      change({
        lockfile: { file_name: 'requirements.lock', new: lock },
        policy: { allowed_ranges: { urllib3: '^1.26' } },
      }),
      never,
    );
    expect(broken.verdict).toBe('reject');
    expect(broken.reasons[0]).toContain('policy.allowed_ranges.urllib3: "^1.26" is not a valid PyPI range');
  });

  it('can veto instead of reject when configured', async () => {
    const strict = createRulesVoter({ on_violation: 'veto' });
    const lock = requirementsLock([['urllib3', '1.26.0']]);
    expect(
      (await strict.vote(change({ lockfile: { file_name: 'requirements.lock', new: lock }, policy }), never))
        .verdict,
    ).toBe('veto');
  });
});

describe('rules voter: changed config files', () => {
  const vote = (path: string, content: string) => voter.vote(change({ files: [{ path, content }] }), never);

  it('accepts config that parses and refers to secrets instead of holding them', async () => {
    const yaml =
      'db:\n  host: db.internal\n  password: ${DB_PASSWORD}\n  token_count: 5\napi_key: env:API_KEY\n';
    expect((await vote('config/app.yaml', yaml)).verdict).toBe('accept');
    expect((await vote('config/app.json', '{"timeout_ms": 500, "secret": ""}')).verdict).toBe('accept');
  });

  it('rejects YAML and JSON that do not parse, with file and line', async () => {
    const yaml = await vote('config/app.yml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(yaml.verdict).toBe('reject');
    expect(yaml.reasons[0]).toMatch(/^config-parse: config\/app\.yml:\d+: does not parse/);
    const dup = await vote('config/app.yaml', 'a: 1\na: 2\n');
    expect(dup.reasons[0]).toMatch(/config-parse: .*(duplicate|unique)/i);
    const json = await vote('settings.json', '{"a": 1,}');
    expect(json.reasons[0]).toMatch(/^config-parse: settings\.json: does not parse/);
  });

  it('rejects literal secrets without echoing them', async () => {
    const yaml = 'db:\n  password: hunter2hunter2\nupstream: postgres://app:s3cr3tpw@db:5432/app\n';
    const v = await vote('config/app.yaml', yaml);
    expect(v.verdict).toBe('reject');
    expect(v.reasons).toEqual([
      'config-secrets: config/app.yaml: db.password holds a literal secret (use a reference such as ${ENV_VAR})',
      'config-secrets: config/app.yaml: upstream holds a secret-looking value',
    ]);
    expect(JSON.stringify(v)).not.toMatch(/hunter2|s3cr3tpw/);
    const token = await vote(
      'deploy.json',
      JSON.stringify({ headers: { Authorization: 'Bearer abcdefghijklmnop' } }),
    );
    expect(token.reasons[0]).toContain('headers.Authorization');
  });

  it('ignores deleted files and non-config files', async () => {
    const v = await voter.vote(
      change({
        files: [
          { path: 'a.yaml', content: null },
          { path: 'app.py', content: 'password = "x"' },
        ],
      }),
      never,
    );
    expect(v.verdict).toBe('accept');
  });
});

describe('validateServicePolicy', () => {
  it('names the field of an invalid floor', () => {
    try {
      validateServicePolicy({ security_floor: { lodash: 'latest' } }, versionScheme('npm'));
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(L1Error);
      expect((err as L1Error).code).toBe('L1_CONFIG_INVALID');
      expect((err as L1Error).details.field).toBe('policy.security_floor.lodash');
    }
  });
});
