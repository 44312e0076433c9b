-- The first user in feature_spans whose rows are not one per day from its first dt to its last
-- (a missing day, or two rows on one day), and how many such users there are; no row when none.
SELECT user_id, first_dt, last_dt, rows, dates, count(*) OVER () AS uneven_users
FROM feature_spans
WHERE rows IS DISTINCT FROM dates OR dates IS DISTINCT FROM last_dt - first_dt + 1
ORDER BY user_id NULLS FIRST
LIMIT 1
