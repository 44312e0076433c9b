-- How many rows of the ingest file raw_events already holds, and how many of those are identical
-- to the stored row (the rest conflict).
SELECT count(*) AS stored_rows, count_if(identical) AS identical_rows
FROM ingest_stored
