-- Core bookkeeping for Hale. schema_migrations itself is created by lib/db/migrate.ts.
-- Small key/value facts about this database (e.g. when it was first initialised).
CREATE TABLE IF NOT EXISTS hale_meta (
  key   text PRIMARY KEY,
  value text
);
