// npm run bench:router — the traffic router's cost (issue 6): request latency direct to a backend vs
// through the router vs through the router with 100 % shadow mirroring (loopback, one keep-alive
// client, sequential, after a warm-up), and the switch time (PUT /active over the Unix socket,
// including the fsync'd state write). Baseline: the same requests sent straight to the backend.
// The last line printed is one JSON object.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', 'dist');
const { startRouter, RouterClient } = require(path.join(dist, 'runner-agents/linux/traffic-router'));

const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const { percentile: quantile } = require(path.join(dist, 'lib/load'));
const round = (v) => Math.round(v * 1000) / 1000;

function backend(name) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ served_by: name, path: req.url }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function get(url, agent, p) {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${p}`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

async function time(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 200; i++) await get(url, agent, '/warm');
  const out = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await get(url, agent, `/m${i}`);
    out.push(performance.now() - t);
  }
  agent.destroy();
  return out;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-router-'));
  const blue = await backend('blue');
  const green = await backend('green');
  const url = (s) => `http://127.0.0.1:${s.address().port}`;
  const router = await startRouter({
    service: 'bench',
    listen: { host: '127.0.0.1', port: 0 },
    socketPath: path.join(dir, 'r.sock'),
    stateFile: path.join(dir, 'r.json'),
    upstreams: { blue: url(blue), green: url(green) },
  });
  const client = new RouterClient(router.socketPath);
  try {
    const direct = await time(url(blue));
    const proxied = await time(router.url);
    await client.setShadow({ sample: 1 });
    const shadowed = await time(router.url);
    await client.setShadow({ sample: 0 });
    const switches = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await client.setActive(i % 2 === 0 ? 'green' : 'blue');
      switches.push(performance.now() - t);
    }
    const p50 = (xs) => round(quantile(xs, 0.5));
    const p95 = (xs) => round(quantile(xs, 0.95));
    process.stdout.write(
      `${JSON.stringify({
        requests: N,
        direct_p50_ms: p50(direct),
        direct_p95_ms: p95(direct),
        router_p50_ms: p50(proxied),
        router_p95_ms: p95(proxied),
        router_overhead_p50_ms: round(quantile(proxied, 0.5) - quantile(direct, 0.5)),
        router_vs_direct_p50_ratio: round(quantile(proxied, 0.5) / quantile(direct, 0.5)),
        shadow_p50_ms: p50(shadowed),
        shadow_p95_ms: p95(shadowed),
        shadow_overhead_p50_ms: round(quantile(shadowed, 0.5) - quantile(direct, 0.5)),
        switch_p50_ms: p50(switches),
        switch_p95_ms: p95(switches),
        baseline: 'the same sequential keep-alive GETs sent straight to the backend',
        machine: { cores: os.cpus().length, loadavg_1m: os.loadavg()[0], node: process.version },
      })}\n`,
    );
  } finally {
    await router.stop();
    blue.close();
    green.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:router: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
