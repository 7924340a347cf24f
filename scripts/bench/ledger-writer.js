// One writer process of the ledger benchmark: appends <count> entries in batches of <batch>.
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', 'dist');
const { openPg } = require(path.join(dist, 'lib/db'));
const { appendEntries } = require(path.join(dist, 'lib/ledger'));
const { benchPayload } = require('./payload');

async function main() {
  const [url, writer, count, batch] = process.argv.slice(2);
  const db = await openPg(url, { max: 1 });
  for (let i = 0; i < Number(count); i += Number(batch)) {
    const n = Math.min(Number(batch), Number(count) - i);
    await appendEntries(
      db,
      Array.from({ length: n }, (_, j) => ({
        type: 'runner.action',
        actor: `bench-${writer}`,
        payload: benchPayload(i + j),
      })),
    );
  }
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exitCode = 1;
});
