-- The first and last feature date in one user_features snapshot: the default training window ends
-- at the last, and an empty window's error names both. NULLs when the snapshot is empty.
SELECT min(dt) AS first_dt, max(dt) AS last_dt
FROM {{user_features}}
