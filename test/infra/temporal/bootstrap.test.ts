import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bootstrapNamespace, HALE_SEARCH_ATTRIBUTES, startDevServer } from '../../../infra/temporal';
import { freePort } from '../../../lib/net';
import { temporalCliPath, uniqueId } from '../../support/temporal';

describe('bootstrapNamespace on a real server (the TEMPORAL_ADDRESS path)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    // A server started without Hale's search attributes, as an existing cluster would be.
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: await temporalCliPath() } },
    });
  });
  afterAll(async () => env?.teardown());

  it('creates a missing namespace and registers the Keyword search attributes, once', async () => {
    const namespace = uniqueId('hale-ns');
    const first = await bootstrapNamespace(env.connection, namespace);
    expect(first).toEqual({ created: true, added: [...HALE_SEARCH_ATTRIBUTES] });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace });
    for (const name of HALE_SEARCH_ATTRIBUTES) expect(listed.customAttributes?.[name]).toBeDefined();
    const second = await bootstrapNamespace(env.connection, namespace);
    expect(second).toEqual({ created: false, added: [] });
  });
});

describe('startDevServer', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-dev-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a gRPC port that is already in use, naming it, and starts nothing', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const err = await startDevServer({
        cliPath: await temporalCliPath(),
        dataDir: dir,
        port,
        uiPort: await freePort(),
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TEMPORAL_PORT_IN_USE' });
      expect(String((err as Error).message)).toContain(String(port));
      expect(fs.existsSync(path.join(dir, 'temporal.log'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('starts with the UI on, persists to <dataDir>/temporal.db, has the search attributes and eager activities, and stops', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const server = await startDevServer({ cliPath: await temporalCliPath(), dataDir: dir, port, uiPort });
    try {
      const ui = await fetch(server.uiUrl);
      expect(ui.status).toBe(200);
      expect(fs.existsSync(path.join(dir, 'temporal.db'))).toBe(true);
      const connection = await Connection.connect({ address: server.address });
      const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      await connection.close();
      for (const name of HALE_SEARCH_ATTRIBUTES) expect(listed.customAttributes?.[name]).toBeDefined();
      // eager activity dispatch is on (docs/operations.md): the running server's own arguments
      const argv = fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('system.enableActivityEagerExecution=true');
      expect(argv[at - 1]).toBe('--dynamic-config-value');
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(`/proc/${server.pid}`)).toBe(false);
  });
});
