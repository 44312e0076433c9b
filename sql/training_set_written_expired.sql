-- How many rows of a training set written to Parquet by the equality join (so feature_spans is
-- gap-free) lost their match to the TTL: rows without features whose user had a row on the day
-- looked up (see training_set_counts_by_date.sql). Only rows without features reach the join.
SELECT count(*) AS expired
FROM {{training_set}} w
JOIN feature_spans s ON s.user_id = w.user_id
WHERE w.feature_dt IS NULL
  AND least(latest_known_dt(epoch_us(w.as_of_ts)), s.last_dt) >= s.first_dt
