-- Stage records move onto the evidence ledger (type remediation.stage). The old table becomes a
-- read-only view over the ledger with the same columns, so readers need no change.
DROP TABLE IF EXISTS remediation_stages;
CREATE VIEW remediation_stages AS
  SELECT workflow_id                       AS remediation_id,
         payload::jsonb->>'stage'                 AS stage,
         (payload::jsonb->>'stage_index')::integer AS seq,
         payload::jsonb->>'status'                AS status,
         payload::jsonb->'detail'                 AS detail,
         (payload::jsonb->>'attempt')::integer    AS attempt,
         at::timestamptz                   AS recorded_at,
         seq                               AS ledger_seq
    FROM ledger_entries
   WHERE type = 'remediation.stage';
