// A typical runner.action payload (~300 bytes of JSON).
exports.benchPayload = (i) => ({
  action: 'apply_patch',
  artifact: `local://python/demo-api/patch-${i}.whl`,
  digest: `sha256:${((i * 2654435761) >>> 0).toString(16).padStart(64, '0')}`,
  host: 'bench-host',
  exit_code: 0,
  duration_ms: i % 997,
  stdout_tail: 'Successfully installed demo-api-1.0.1',
});
