-- The row count and an order-independent fingerprint of a set of user_features rows on one feature
-- column, {{feature}} (a column name checked against the table's schema): the sum of every row's
-- hash, so two sets with the same rows in any order and any file layout agree. floe reproduce
-- compares each feature column of a model's snapshot with it recomputed from raw events; on
-- spending_mean_7d it is sql/user_features_fingerprint.sql, which floe bench runs.
SELECT
  count(*) AS row_count,
  CAST(coalesce(sum(CAST(hash(user_id, dt, {{feature}}) AS HUGEINT)), 0) AS VARCHAR) AS fingerprint
FROM {{user_features}}
