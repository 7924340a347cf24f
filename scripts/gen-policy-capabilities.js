#!/usr/bin/env node
// Writes infra/policy/capabilities.json: what `opa build -t wasm --capabilities` may use for Hale's policy.
//   builtins: those the @open-policy-agent/opa-wasm SDK evaluates (its own capabilities.json: the builtins
//             compiled into OPA's wasm runtime plus the SDK's JavaScript ones), minus non-deterministic ones;
//   features: only `rego_v1` (Rego v1 syntax), so newer language features fail the build too.
//   node scripts/gen-policy-capabilities.js           write the file
//   node scripts/gen-policy-capabilities.js --stdout  print what would be written
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outFile = path.join(root, 'infra', 'policy', 'capabilities.json');
// The package does not export the file; it sits at the package root, beside src/index.cjs.
const sdkMain = require.resolve('@open-policy-agent/opa-wasm', { paths: [root] });
const sdkFile = path.join(path.dirname(sdkMain), '..', 'capabilities.json');

/** Decisions must be reproducible from their input: no randomness (and the SDK has no clock). */
const EXCLUDED = new Set(['rand.intn']);

/** The file's text, formatted as Prettier formats it (so `prettier --check .` and this agree). */
async function generate() {
  const sdk = JSON.parse(fs.readFileSync(sdkFile, 'utf8'));
  const builtins = sdk.builtins
    .filter((b) => !EXCLUDED.has(b.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const doc = { builtins, features: ['rego_v1'], wasm_abi_versions: sdk.wasm_abi_versions };
  const prettier = require('prettier');
  const config = JSON.parse(fs.readFileSync(path.join(root, '.prettierrc.json'), 'utf8'));
  return prettier.format(JSON.stringify(doc), { ...config, parser: 'json', filepath: outFile });
}

module.exports = { generate, EXCLUDED, sdkFile };

async function main(argv) {
  const text = await generate();
  if (argv.includes('--stdout')) process.stdout.write(text);
  else {
    fs.writeFileSync(outFile, text);
    process.stdout.write(`wrote ${path.relative(root, outFile)}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  });
}
