-- The first row, in file order, that cannot be stored in raw_events, and what is wrong with it.
SELECT row_number, problem
FROM ingest_rows($1)
WHERE problem IS NOT NULL
ORDER BY row_number
LIMIT 1
