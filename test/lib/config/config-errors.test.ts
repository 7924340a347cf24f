import path from 'node:path';
import { ConfigError, formatConfigError, loadConfig } from '../../../lib/config';
import { isHaleError } from '../../../lib/errors';
import { expectConfigError, tempDirs, validLines, writeYaml } from './temp-config';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

describe('loadConfig: errors point at file, line, field and rule', () => {
  const loadLines = (lines: string[]) => {
    const file = writeYaml(dirs.make(), lines);
    return { file, load: () => loadConfig({ path: file, env: {} }) };
  };

  it('a wrong enum: one-line message with file:line:column, field and rule', () => {
    const lines = [...validLines];
    lines[6] = '    kind: ruby';
    const cwd = dirs.make();
    writeYaml(cwd, lines);
    const err = expectConfigError(() => loadConfig({ env: {}, cwd }), 'CONFIG_INVALID', {
      file: path.join(cwd, 'hale.yaml'),
      line: 7,
      column: 5,
      field: 'services[0].kind',
      rule: 'enum',
    });
    expect(err.message).toBe('hale.yaml:7:5: services[0].kind must be one of python, node (rule: enum)');
    expect(formatConfigError(err)).toBe(err.message);
    expect(isHaleError(err)).toBe(true);
  });

  it('a YAML syntax error is CONFIG_PARSE with its line', () => {
    const { file, load } = loadLines(['api:', '  port: 8080', '  host: [unclosed']);
    const err = expectConfigError(load, 'CONFIG_PARSE', { file, rule: 'syntax' });
    expect(err.details.line).toBeGreaterThanOrEqual(3);
    expect(err.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error`),
    );
    expect(err.message).not.toContain('\n');
  });

  it.each([
    ['bad indentation', ['api:', '  port: 8080', ' host: x'], 3],
    ['duplicate key', ['api:', '  port: 8080', '  port: 9090'], 3],
    ['tab indentation', ['api:', '\tport: 8080'], 2],
  ])('%s is CONFIG_PARSE at the right line', (_what, lines, line) => {
    expectConfigError(loadLines(lines).load, 'CONFIG_PARSE', { line, rule: 'syntax' });
  });

  it('an unknown key is reported at the key', () => {
    expectConfigError(loadLines([...validLines, '    colour: blue']).load, 'CONFIG_INVALID', {
      line: 10,
      column: 5,
      field: 'services[0].colour',
      rule: 'additionalProperties',
    });
    expectConfigError(loadLines(['api:', '  port: 8080', 'apis: {}']).load, 'CONFIG_INVALID', {
      line: 3,
      column: 1,
      field: 'apis',
      rule: 'additionalProperties',
    });
  });

  it('a missing required key is reported at its parent mapping', () => {
    const lines = validLines.filter((l) => !l.includes('install_path'));
    expectConfigError(loadLines(lines).load, 'CONFIG_INVALID', {
      line: 5,
      field: 'services[0].install_path',
      rule: 'required',
    });
  });

  it.each([
    ['a string port', ['api:', '  port: "80"'], 'api.port', 'type', 2],
    ['an out-of-range port', ['temporal:', '  ui_port: 70000'], 'temporal.ui_port', 'maximum', 2],
    ['a bad host id', ['hosts:', '  - id: "-x"', '    os: linux'], 'hosts[0].id', 'pattern', 2],
    ['an empty hosts list', ['hosts: []'], 'hosts', 'minItems', 1],
    ['a non-mapping document', ['- just', '- a list'], '(root)', 'type', 1],
  ])('%s is CONFIG_INVALID at its line', (_what, lines, field, rule, line) => {
    expectConfigError(loadLines(lines).load, 'CONFIG_INVALID', { field, rule, line });
  });

  it('a service on an unlisted host is a field error on services[n].host', () => {
    const lines = [...validLines];
    lines[5] = '    host: db-2';
    const err = expectConfigError(loadLines(lines).load, 'CONFIG_INVALID', {
      line: 6,
      column: 5,
      field: 'services[0].host',
      rule: 'reference',
    });
    expect(err.message).toContain('db-2');
  });

  it('duplicate host ids and service names are refused', () => {
    expectConfigError(
      loadLines([...validLines.slice(0, 3), '  - id: local', '    os: windows']).load,
      'CONFIG_INVALID',
      {
        line: 4,
        field: 'hosts[1].id',
        rule: 'unique',
      },
    );
    const twice = [...validLines, ...validLines.slice(4)];
    expectConfigError(loadLines(twice).load, 'CONFIG_INVALID', {
      line: 10,
      field: 'services[1].name',
      rule: 'unique',
    });
  });

  it('formatConfigError renders other errors on one line', () => {
    expect(formatConfigError(new Error('first\nsecond'))).toBe('first');
    expect(formatConfigError('plain')).toBe('plain');
    expect(new ConfigError('CONFIG_INVALID', 'x', { rule: 'enum' }).code).toBe('CONFIG_INVALID');
  });
});
