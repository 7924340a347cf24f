import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../lib/net';
import type { ProcessServiceSpec } from '../../../runner-agents/linux/services/process-driver';
import { signedStore, type SignedStore } from '../../support/signed-store';
import { sha512Integrity } from '../../support/npm-lock';

export const NPM_FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'artifacts', 'packages');
export const IS_NUMBER = path.join(NPM_FIXTURES, 'is-number-7.0.0.tgz');
export const IS_ODD = path.join(NPM_FIXTURES, 'is-odd-3.0.1.tgz');

/** The demo Node service: answers /health with the versions it loaded; exits at start when package.json says so. */
const SERVER = `const http = require('node:http');
const pkg = require('./package.json');
if (pkg.config && pkg.config.crash) process.exit(3);
const deps = {};
for (const d of Object.keys(pkg.dependencies || {})) deps[d] = require(d + '/package.json').version;
http.createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ app: pkg.version, deps }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

export interface NodeServiceFixture {
  dir: string;
  signed: SignedStore;
  appRoot: string;
  initialSource: string;
  service: ProcessServiceSpec;
  /** A package.json + package-lock.json pair in its own folder; returns the lockfile path. */
  manifests(tag: string, deps: Record<string, string>, opts?: { crash?: boolean; missing?: boolean }): string;
  served(): Promise<{ app: string; deps: Record<string, string> }>;
  dispose(): void;
}

const TARBALLS: Record<string, string> = { 'is-number@7.0.0': IS_NUMBER, 'is-odd@3.0.1': IS_ODD };

export async function nodeServiceFixture(): Promise<NodeServiceFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-node-svc-'));
  const signed = await signedStore(dir, [IS_NUMBER, IS_ODD]);
  const initialSource = path.join(dir, 'app-src');
  fs.mkdirSync(initialSource);
  fs.writeFileSync(path.join(initialSource, 'server.js'), SERVER);
  const port = await freePort();
  const appRoot = path.join(dir, 'demo-node');
  const service: ProcessServiceSpec = {
    name: 'demo-node',
    command: [process.execPath, '{release}/server.js'],
    cwd: '{release}',
    env: { PORT: String(port) },
    stateDir: path.join(dir, 'run'),
    releaseRoot: appRoot,
    healthUrl: `http://127.0.0.1:${port}/health`,
    healthTimeoutMs: 5000,
  };
  const manifests: NodeServiceFixture['manifests'] = (tag, deps, opts = {}) => {
    const folder = path.join(dir, `manifests-${tag}`);
    fs.mkdirSync(folder, { recursive: true });
    const pkg = {
      name: 'demo-node',
      version: tag,
      private: true,
      dependencies: deps,
      overrides: { 'is-odd': { 'is-number': '$is-number' } },
      ...(opts.crash ? { config: { crash: true } } : {}),
    };
    const packages: Record<string, unknown> = {
      '': { name: 'demo-node', version: tag, dependencies: deps },
    };
    for (const [name, version] of Object.entries(deps)) {
      const tarball = TARBALLS[`${name}@${version}`];
      packages[`node_modules/${name}`] = {
        version,
        resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
        integrity:
          tarball && !opts.missing
            ? sha512Integrity(tarball)
            : `sha512-${Buffer.alloc(64, 7).toString('base64')}`,
        license: 'MIT',
        ...(name === 'is-odd' ? { dependencies: { 'is-number': '^6.0.0' } } : {}),
      };
    }
    fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const lock = { name: 'demo-node', version: tag, lockfileVersion: 3, requires: true, packages };
    fs.writeFileSync(path.join(folder, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    return path.join(folder, 'package-lock.json');
  };
  return {
    dir,
    signed,
    appRoot,
    initialSource,
    service,
    manifests,
    served: async () =>
      (await (await fetch(service.healthUrl as string)).json()) as {
        app: string;
        deps: Record<string, string>;
      },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
