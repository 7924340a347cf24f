#!/usr/bin/env node
// Generates schemas/types.generated.ts from schemas/*.schema.json (the JSON Schemas are the source of truth).
//   node scripts/gen-schema-types.js           write the file
//   node scripts/gen-schema-types.js --stdout  print what would be written
//   node scripts/gen-schema-types.js --check   exit 1 when the committed file is stale
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { compile } = require('json-schema-to-typescript');

const root = path.resolve(__dirname, '..');
const schemaDir = path.join(root, 'schemas');
const outFile = path.join(schemaDir, 'types.generated.ts');

const HEADER = [
  '/* eslint-disable */',
  '// generated, do not edit: run `npm run gen:types` after changing schemas/*.schema.json.',
  '// Types only (no runtime code), so workflow code may import it.',
  '',
].join('\n');

/** `remediation.request.v1` → `RemediationRequestV1`, `hale-config.v1` → `HaleConfigV1`. */
function typeName(contract) {
  return contract
    .split(/[.\-_]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function schemaFiles() {
  return fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

async function generate() {
  const prettierConfig = JSON.parse(fs.readFileSync(path.join(root, '.prettierrc.json'), 'utf8'));
  const chunks = [HEADER];
  const seen = new Set();
  for (const file of schemaFiles()) {
    const contract = file.slice(0, -'.schema.json'.length);
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
    const name = typeName(contract);
    const ts = await compile(schema, name, {
      bannerComment: '',
      cwd: schemaDir,
      declareExternallyReferenced: true,
      ignoreMinAndMaxItems: true,
      strictIndexSignatures: false,
      unknownAny: true,
      additionalProperties: false,
      $refOptions: { resolve: { external: false } },
      // Only the root gets a name; nested objects stay inline so names cannot collide across files.
      customName: (s) => (s.$id === schema.$id ? name : undefined),
      style: { ...prettierConfig, parser: 'typescript' },
    });
    for (const [, declared] of ts.matchAll(/^export (?:interface|type) (\w+)/gm)) {
      if (seen.has(declared))
        throw new Error(`${file}: type ${declared} is already declared by another schema`);
      seen.add(declared);
    }
    if (!seen.has(name)) throw new Error(`${file}: expected generated type ${name}`);
    chunks.push(`// ${contract}: schemas/${file}\n${ts.trim()}\n`);
  }
  return chunks.join('\n');
}

async function main(argv) {
  const text = await generate();
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
  } else if (argv.includes('--check')) {
    const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${path.relative(root, outFile)} is stale: run npm run gen:types\n`);
      process.exitCode = 1;
    }
  } else {
    fs.writeFileSync(outFile, text);
    process.stdout.write(`wrote ${path.relative(root, outFile)}\n`);
  }
}

module.exports = { generate, typeName };

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  });
}
