-- Summarises an ingested file in one parallel pass: rows, rows with a problem, distinct ids, and
-- the id range (to look for ids raw_events already holds only where the ranges overlap).
SELECT
    count(*) AS row_count,
    count(problem) AS bad_rows,
    count(DISTINCT id) AS distinct_ids,
    min(id) AS lowest_id,
    max(id) AS highest_id
FROM ingest_rows($1)
