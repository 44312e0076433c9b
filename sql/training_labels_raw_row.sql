-- One label row exactly as the file holds it (? = 0-based row), to quote a bad value back to the user.
SELECT CAST(user_id AS VARCHAR) AS user_id, CAST(as_of_ts AS VARCHAR) AS as_of_ts
FROM {{labels}}
LIMIT 1 OFFSET ?
