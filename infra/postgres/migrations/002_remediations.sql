-- Remediations accepted by the API and the stage records written by the pipeline's activities.
CREATE TABLE IF NOT EXISTS remediations (
  id             text PRIMARY KEY,
  request_digest text        NOT NULL,
  request        jsonb       NOT NULL,
  workflow_id    text        NOT NULL,
  run_id         text,
  outcome        text CHECK (outcome IN ('success', 'failed', 'rolled_back', 'deferred')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);

-- One row per (remediation, stage): activities insert with ON CONFLICT DO NOTHING, so a retried
-- activity (worker killed mid-stage) never writes a second record.
CREATE TABLE IF NOT EXISTS remediation_stages (
  remediation_id text        NOT NULL,
  stage          text        NOT NULL,
  seq            integer     NOT NULL,
  status         text        NOT NULL CHECK (status IN ('succeeded', 'failed')),
  detail         jsonb       NOT NULL,
  attempt        integer     NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (remediation_id, stage)
);
CREATE INDEX IF NOT EXISTS remediation_stages_by_seq ON remediation_stages (remediation_id, seq);
