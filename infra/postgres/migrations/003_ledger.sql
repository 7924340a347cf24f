-- The evidence ledger: one append-only, hash-chained table (see docs/ledger.md for the format).
CREATE TABLE IF NOT EXISTS ledger_entries (
  seq             bigint PRIMARY KEY CHECK (seq >= 1),
  at              text   NOT NULL,               -- ISO 8601 UTC as hashed (exact text)
  type            text   NOT NULL,
  actor           text   NOT NULL,
  incident_id     text,
  workflow_id     text,
  host            text,
  service         text,
  payload         text   NOT NULL,               -- RFC 8785 canonical JSON, exactly as hashed
  idempotency_key text   UNIQUE,
  prev_hash       text   NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash            text   NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX IF NOT EXISTS ledger_entries_incident ON ledger_entries (incident_id, seq) WHERE incident_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_entries_workflow ON ledger_entries (workflow_id, seq) WHERE workflow_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_entries_type ON ledger_entries (type, seq);

-- Append-only, enforced by the database: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: % refused (corrections are annotation entries)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS ledger_entries_no_update_delete ON ledger_entries;
CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON ledger_entries;
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- And by privileges: the application role (the one running migrations) keeps SELECT and INSERT only.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM %I', current_user);
END
$$;
