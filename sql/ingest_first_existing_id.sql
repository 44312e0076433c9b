-- The first row, in file order, whose id raw_events already holds ({{raw_events}} is the current
-- snapshot, pruned to files whose id range overlaps the file's).
SELECT row_number, id
FROM ingest_rows($1)
WHERE id IN (SELECT id FROM {{raw_events}})
ORDER BY row_number
LIMIT 1
