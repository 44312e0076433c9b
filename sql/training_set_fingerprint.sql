-- The row count, the rows with features and an order-independent fingerprint of a training set's
-- rows (the sum of every row's hash), so two sets with the same rows in any order agree. Columns are
-- cast first: the same values read from different files must hash alike. floe bench compares
-- TrainingSetBuilder's output with the bare ASOF join's.
SELECT
  count(*) AS row_count,
  count(feature_dt) AS with_features,
  CAST(coalesce(sum(CAST(hash(
    CAST(user_id AS BIGINT),
    CAST(label AS VARCHAR),
    epoch_us(as_of_ts),
    CAST(feature_dt AS DATE),
    CAST(spending_mean_7d AS DECIMAL(15,2))
  ) AS HUGEINT)), 0) AS VARCHAR) AS fingerprint
FROM {{training_set}}
