import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpReviewer } from '../../../../lib/l1';
import { change, fixtures, never, requirementsLock } from '../helpers';

/**
 * A real HTTP server on 127.0.0.1 that replays recorded chat-completions responses (hand-written in
 * the OpenAI format: no paid API can be called from here) and records what it was sent.
 */
interface Replay {
  url: string;
  requests: { url: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[];
  respond: (res: http.ServerResponse) => void;
  close: () => Promise<void>;
}

async function replayServer(): Promise<Replay> {
  const replay: Partial<Replay> = { requests: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      replay.requests?.push({
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(body) as Record<string, unknown>,
      });
      replay.respond?.(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(replay, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as Replay;
}

const recorded = (name: string): string => fs.readFileSync(path.join(fixtures, 'reviewer', name), 'utf8');
const sendJson =
  (text: string, status = 200) =>
  (res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };

describe('HTTP (OpenAI-compatible) reviewer against a local replay server', () => {
  let server: Replay;
  beforeEach(async () => {
    server = await replayServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const input = change({
    lockfile: { file_name: 'requirements.lock', new: requirementsLock([['requests', '2.32.3']]) },
    files: [{ path: 'config/app.yaml', content: 'db:\n  password: hunter2hunter2\n' }],
  });

  it('accepts on a well-formed answer, and sends a redacted prompt asking for strict JSON', async () => {
    server.respond = sendJson(recorded('chat-completion-accept.json'));
    process.env.HALE_TEST_REVIEWER_KEY = 'sk-test-not-a-real-key';
    try {
      const voter = createHttpReviewer({
        url: server.url,
        model: 'hale-test-model',
        api_key_env: 'HALE_TEST_REVIEWER_KEY',
      });
      const vote = await voter.vote(input, never);
      expect(vote).toMatchObject({
        voter: 'reviewer:model:hale-test-model',
        verdict: 'accept',
        reasons: [
          'model hale-test-model: patch-level upgrade of requests within the allowed range',
          'model hale-test-model: no new install scripts or removed packages',
        ],
        evidence_refs: [`${server.url}/v1/chat/completions`],
      });
    } finally {
      delete process.env.HALE_TEST_REVIEWER_KEY;
    }
    const [req] = server.requests;
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-test-not-a-real-key');
    expect(req?.body).toMatchObject({
      model: 'hale-test-model',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    const messages = req?.body.messages as { role: string; content: string }[];
    expect(messages[0]?.content).toContain('Answer with exactly one JSON object and nothing else');
    expect(messages[1]?.content).toContain('--- config/app.yaml');
    expect(messages[1]?.content).not.toContain('hunter2hunter2');
  });

  it('abstains (never accepts) on a malformed answer', async () => {
    server.respond = sendJson(recorded('chat-completion-malformed.json'));
    const vote = await createHttpReviewer({ url: server.url, model: 'm' }).vote(input, never);
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[0]).toBe(
      'model reviewer m: the answer is not the requested JSON: "Looks fine to me! I would accept this change."',
    );
  });

  it.each([
    ['a body that is not JSON', 'not json at all', /the response body is not JSON/],
    ['no choices', '{"choices": []}', /has no choices\[0\]\.message\.content/],
    [
      'a verdict it may not give',
      JSON.stringify({ choices: [{ message: { content: '{"verdict":"veto","reasons":["x"]}' } }] }),
      /verdict "veto" is not accept, reject or abstain/,
    ],
    [
      'no reasons',
      JSON.stringify({ choices: [{ message: { content: '{"verdict":"accept","reasons":[]}' } }] }),
      /reasons are not a non-empty list/,
    ],
  ])('abstains on %s', async (_what, body, reason) => {
    server.respond = sendJson(body);
    const vote = await createHttpReviewer({ url: server.url, model: 'm' }).vote(input, never);
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[0]).toMatch(reason);
  });

  it('abstains on an HTTP error', async () => {
    server.respond = sendJson('{"error":{"message":"rate limited"}}', 429);
    const vote = await createHttpReviewer({ url: `${server.url}/v1`, model: 'm' }).vote(input, never);
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[0]).toMatch(/^model reviewer m: the endpoint answered HTTP 429: /);
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
  });

  it('abstains when the endpoint does not answer in time', async () => {
    server.respond = () => undefined; // never answers
    const started = Date.now();
    const vote = await createHttpReviewer({ url: server.url, model: 'm', timeout_ms: 300 }).vote(
      input,
      never,
    );
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[0]).toBe('model reviewer m: no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('abstains when nothing listens', async () => {
    const url = server.url;
    await server.close();
    const vote = await createHttpReviewer({ url, model: 'm' }).vote(input, never);
    expect(vote.verdict).toBe('abstain');
    expect(vote.reasons[0]).toMatch(/^model reviewer m: the request failed: .*ECONNREFUSED/);
    server = await replayServer();
  });
});
