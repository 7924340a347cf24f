// A separate OS process that appends to the ledger (used by the concurrency and kill tests).
// Usage: node writer-process.js <url|dataDir> <writer-id> <count> <batch> [hold]
//   hold: append one batch inside a transaction, print "holding", and never commit.
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
const { openDatabase, openPg } = require(path.join(dist, 'lib/db'));
const { appendEntries, appendWithin } = require(path.join(dist, 'lib/ledger'));

async function main() {
  const [target, writer, countRaw, batchRaw, hold] = process.argv.slice(2);
  const count = Number(countRaw);
  const batch = Number(batchRaw);
  const db = target.startsWith('postgres')
    ? await openPg(target, { max: 1 })
    : await openDatabase({ dataDir: target });
  const entry = (i) => ({
    type: 'runner.action',
    actor: `writer-${writer}`,
    payload: { writer, i },
    idempotencyKey: `w${writer}:${i}`,
  });
  if (hold) {
    await db.transaction(async (tx) => {
      await appendWithin(
        tx,
        Array.from({ length: batch }, (_, i) => entry(i)),
      );
      process.stdout.write('holding\n');
      await new Promise(() => undefined);
    });
    return;
  }
  for (let i = 0; i < count; i += batch) {
    await appendEntries(
      db,
      Array.from({ length: Math.min(batch, count - i) }, (_, j) => entry(i + j)),
    );
  }
  await db.close();
  process.stdout.write(`done ${count}\n`);
}

main().catch((err) => {
  process.stderr.write(`writer ${process.argv[3]}: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
