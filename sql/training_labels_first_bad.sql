-- The first label row, in input order, whose user_id or as_of_ts is missing or did not convert.
SELECT rowid AS label_row, user_id IS NULL AS bad_user_id
FROM labels
WHERE user_id IS NULL OR as_of_ts IS NULL
ORDER BY rowid
LIMIT 1
