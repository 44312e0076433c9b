-- The first and last dt of a user_features snapshot (NULLs when it is empty).
SELECT min(dt) AS first_dt, max(dt) AS last_dt FROM {{user_features}}
