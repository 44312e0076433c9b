-- Summarises a checked ingest file: rows, rows with a problem, distinct ids, and the id range (to
-- look for ids raw_events already holds only in files whose range overlaps it).
SELECT
    count(*) AS row_count,
    count_if(has_problem) AS bad_rows,
    count(DISTINCT id) AS distinct_ids,
    min(id) AS lowest_id,
    max(id) AS highest_id
FROM ingest_checked
