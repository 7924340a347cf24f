import fs from 'node:fs';
import path from 'node:path';
import { loadFixture } from '../windows/replay-executor';

const ROOT = path.resolve(__dirname, '..', '..', 'fixtures', 'runner-outputs');

describe('runner-output fixtures', () => {
  const names = ['windows', 'macos'].flatMap((os) =>
    fs
      .readdirSync(path.join(ROOT, os))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `${os}/${f.slice(0, -4)}`),
  );

  it('exist for both systems', () => {
    expect(names.length).toBeGreaterThan(30);
  });

  it.each(names)('%s states its provenance, argv and exit code', (name) => {
    const fixture = loadFixture(name);
    const header = fs.readFileSync(path.join(ROOT, `${name}.txt`), 'utf8').split('--- stdout ---')[0] ?? '';
    expect(header).toMatch(/NOT captured on a Windows or macOS host in this environment/);
    expect(fixture.argv.length).toBeGreaterThan(0);
  });
});
