-- Drops from the checked ingest file the rows raw_events already holds identically (the caller has
-- refused the file if any stored row differs), so that only new rows are written.
DELETE FROM ingest_checked WHERE id IN (SELECT id FROM ingest_stored)
