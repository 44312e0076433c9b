-- Each user's dates in a user_features snapshot: the first and last dt, its rows, and how many
-- distinct dates those rows have (counted as set bits over the snapshot's date range; ? = the
-- snapshot's first dt, ? = the days from it to its last dt). A user is gap-free when rows = dates =
-- last_dt - first_dt + 1: one row for every day from the first to the last, as the featurizer writes.
CREATE TEMP TABLE feature_spans AS
SELECT user_id,
       min(dt) AS first_dt,
       max(dt) AS last_dt,
       count(*) AS rows,
       bit_count(bitstring_agg(CAST(dt - CAST(? AS DATE) AS INTEGER), 0, CAST(? AS INTEGER))) AS dates
FROM {{user_features}}
GROUP BY user_id
