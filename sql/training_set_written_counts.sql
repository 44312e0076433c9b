-- The counts of a training set already written to Parquet by the equality join (so feature_spans
-- is gap-free): rows with features, and rows without whose user had a row on the day looked up,
-- which the TTL dropped (see training_set_counts_by_date.sql). Far cheaper than a second pass over
-- the labels: the file counts one column, and only rows without features reach the join.
SELECT
  (SELECT count(feature_dt) FROM {{training_set}}) AS with_features,
  (SELECT count(*)
   FROM {{training_set}} w
   JOIN feature_spans s ON s.user_id = w.user_id
   WHERE w.feature_dt IS NULL
     AND least(latest_known_dt(epoch_us(w.as_of_ts)), s.last_dt) >= s.first_dt) AS expired
