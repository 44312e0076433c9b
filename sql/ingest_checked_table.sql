-- Reads an ingested file once, in parallel, into a temp table of typed values, each row flagged
-- when something is wrong with it. The summary and the Parquet write both read this table, so the
-- file is parsed and checked once; only an error sends us back to the file for row numbers.
CREATE OR REPLACE TEMP TABLE ingest_checked AS
SELECT id, user_id, amount, vendor_id, event_timestamp, problem IS NOT NULL AS has_problem
FROM ingest_rows($1)
