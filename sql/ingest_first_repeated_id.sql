-- The first row, in file order, whose id an earlier row of the same file already has, with the
-- id and the row it first appeared on.
WITH repeated AS (
    SELECT id FROM ingest_rows($1) GROUP BY id HAVING count(*) > 1
)
SELECT row_number, id, first_row_number
FROM (
    SELECT
        row_number,
        id,
        min(row_number) OVER (PARTITION BY id) AS first_row_number
    FROM ingest_rows($1)
    WHERE id IN (SELECT id FROM repeated)
)
WHERE row_number > first_row_number
ORDER BY row_number
LIMIT 1
