// npm run bench:ledger — evidence ledger throughput on a real PostgreSQL server (synchronous_commit on).
// Baseline: plain multi-row INSERTs of the same rows into an identical table without hashing or
// locking, in the same process. Uses DATABASE_URL, else starts a throwaway cluster
// (scripts/pg-test-cluster.sh). The last line printed is one JSON object with the figures.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const { openPg, migrate } = require(path.join(dist, 'lib/db'));
const { appendEntries, appendEntry, verifyLedger, LEDGER_COLUMNS } = require(path.join(dist, 'lib/ledger'));
const { benchPayload } = require('./payload');

const SINGLE = Number(process.env.BENCH_SINGLE ?? 500);
const BATCHED = Number(process.env.BENCH_BATCHED ?? 20000);
const BATCH = 100;
const VERIFY_RUNS = Number(process.env.BENCH_VERIFY_RUNS ?? 5);
const log = (line) => process.stderr.write(`${line}\n`);

function withOptions(url, schema) {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema} -c synchronous_commit=on`);
  return u.toString();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function writers(url, n, each) {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from(
      { length: n },
      (_, w) =>
        new Promise((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [path.join(__dirname, 'ledger-writer.js'), url, String(w), String(each), String(BATCH)],
            { stdio: ['ignore', 'inherit', 'inherit'] },
          );
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}`)),
          );
        }),
    ),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  let clusterDir;
  let url = process.env.DATABASE_URL;
  if (!url) {
    clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-bench-pg-'));
    const env = execFileSync('bash', [path.join(root, 'scripts/pg-test-cluster.sh'), 'start', clusterDir], {
      encoding: 'utf8',
    });
    url = /^DATABASE_URL=(.*)$/m.exec(env)[1];
  }
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = await openPg(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const scoped = withOptions(url, schema);
  const db = await openPg(scoped, { max: 4 });
  try {
    await migrate(db);
    const sync = (await db.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    log(
      `bench:ledger on PostgreSQL ${(await db.query('SHOW server_version')).rows[0].server_version}, synchronous_commit=${sync}`,
    );

    const lat = [];
    for (let i = 0; i < SINGLE; i++) {
      const t0 = process.hrtime.bigint();
      await appendEntry(db, { type: 'runner.action', actor: 'bench', payload: benchPayload(i) });
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    lat.sort((a, b) => a - b);
    log(
      `single append: p50 ${pct(lat, 50).toFixed(2)} ms, p95 ${pct(lat, 95).toFixed(2)} ms (${SINGLE} appends)`,
    );

    let t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCHED; i += BATCH) {
      await appendEntries(
        db,
        Array.from({ length: BATCH }, (_, j) => ({
          type: 'runner.action',
          actor: 'bench',
          payload: benchPayload(i + j),
        })),
      );
    }
    const batch1 = BATCHED / (Number(process.hrtime.bigint() - t0) / 1e9);
    log(`batched (${BATCH}/tx), 1 writer: ${Math.round(batch1)} entries/s`);

    const secs4 = await writers(scoped, 4, BATCHED / 4);
    const batch4 = BATCHED / secs4;
    log(`batched (${BATCH}/tx), 4 writer processes: ${Math.round(batch4)} entries/s`);

    // Baseline: the same rows, plain INSERTs, no hashing, no lock, no chain.
    await db.query('CREATE TABLE bench_plain (LIKE ledger_entries INCLUDING ALL)');
    const sample = await db.query('SELECT at, type, actor FROM ledger_entries ORDER BY seq LIMIT 1');
    const s = sample.rows[0];
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCHED; i += BATCH) {
      const seqs = Array.from({ length: BATCH }, (_, j) => i + j + 1);
      await db.transaction((tx) =>
        tx.query(
          `INSERT INTO bench_plain (seq, at, type, actor, payload, prev_hash, hash)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
          [
            seqs,
            seqs.map(() => s.at),
            seqs.map(() => s.type),
            seqs.map(() => s.actor),
            seqs.map((q) => JSON.stringify(benchPayload(q))),
            seqs.map((q) => (q - 1).toString(16).padStart(64, '0')),
            seqs.map((q) => q.toString(16).padStart(64, '0')),
          ],
        ),
      );
    }
    const plain = BATCHED / (Number(process.hrtime.bigint() - t0) / 1e9);
    log(`plain INSERT baseline (${BATCH}/tx): ${Math.round(plain)} rows/s`);

    // Baseline for verify: reading the same rows in the same batches, without hashing or checking.
    t0 = process.hrtime.bigint();
    let read = 0;
    for (let after = 0; ;) {
      const { rows } = await db.query(
        `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      if (rows.length === 0) break;
      read += rows.length;
      after = Number(rows[rows.length - 1].seq);
    }
    const plainSelect = read / (Number(process.hrtime.bigint() - t0) / 1e9);
    log(`plain SELECT baseline: ${Math.round(plainSelect)} rows/s`);

    // verify: 3 runs over the whole ledger; the median is reported (this 2-core machine shares
    // its cores between the server and the verifier, so single runs vary by ±20%).
    const verifyRuns = [];
    let verified;
    for (let run = 0; run < VERIFY_RUNS; run++) {
      t0 = process.hrtime.bigint();
      verified = await verifyLedger(db);
      const verifySecs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (!verified.ok) throw new Error(`verify failed: ${JSON.stringify(verified.failure)}`);
      verifyRuns.push(verified.count / verifySecs);
      log(`verify run ${run + 1}: ${verified.count} entries in ${verifySecs.toFixed(2)} s`);
    }
    const verifyEps = [...verifyRuns].sort((a, b) => a - b)[Math.floor(VERIFY_RUNS / 2)];
    log(`verify: median ${Math.round(verifyEps)} entries/s`);

    const result = {
      backend: 'postgres',
      synchronous_commit: sync,
      entries: verified.count,
      append_p50_ms: Number(pct(lat, 50).toFixed(3)),
      append_p95_ms: Number(pct(lat, 95).toFixed(3)),
      batch_size: BATCH,
      batch_eps_1w: Math.round(batch1),
      batch_eps_4w: Math.round(batch4),
      plain_insert_eps: Math.round(plain),
      batch_vs_plain_ratio: Number((batch1 / plain).toFixed(3)),
      batch_4w_vs_plain_ratio: Number((batch4 / plain).toFixed(3)),
      verify_eps: Math.round(verifyEps),
      verify_runs_eps: verifyRuns.map(Math.round),
      plain_select_eps: Math.round(plainSelect),
      verify_vs_plain_insert_ratio: Number((verifyEps / plain).toFixed(3)),
      verify_vs_plain_select_ratio: Number((verifyEps / plainSelect).toFixed(3)),
      targets: { batch_eps: 10000, batch_vs_plain_ratio: 0.5, append_p50_ms: 5, verify_eps: 100000 },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
    if (!process.env.BENCH_KEEP_SCHEMA) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    else log(`kept schema ${schema}`);
    await admin.close();
    if (clusterDir)
      execFileSync('bash', [path.join(root, 'scripts/pg-test-cluster.sh'), 'stop', clusterDir], {
        stdio: 'ignore',
      });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:ledger failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
