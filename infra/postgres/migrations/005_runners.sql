-- Runners that registered with the control plane: the latest shard.probe.v1 per host (the ledger
-- keeps every probe; this table is the current view used to decide where a remediation can run).
CREATE TABLE IF NOT EXISTS runners (
  host_id        text        PRIMARY KEY,
  os             text        NOT NULL CHECK (os IN ('linux', 'windows', 'macos')),
  probe          jsonb       NOT NULL,
  ledger_seq     bigint      NOT NULL,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now()
);
