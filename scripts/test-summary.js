// Prints the CI line "N passed, N failed" from jest's JSON result files (jest's own summary is not read by CI).
// Usage: node scripts/test-summary.js <results-dir> <make-exit-status> <seconds>
const fs = require('node:fs');
const path = require('node:path');

const [dir = '.hale-test', status = '0', seconds = '?'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  // A suite that failed to run (syntax error, crashed set-up) has no failed tests but must count.
  failed += result.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  console.log(
    `${file}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numTotalTestSuites} suites`,
  );
}
// make test failed before or outside jest (lint, type-check, install): count it as a failure.
if (status !== '0' && failed === 0) failed = 1;
console.log(`make test exit status ${status}, ${seconds} s`);
console.log(`${passed} passed, ${failed} failed`);
