-- The row count and an order-independent fingerprint of a set of user_features rows: the sum of
-- every row's hash, so two sets with the same rows (duplicates included) in any order and any file
-- layout agree. floe bench compares Floe's user_features snapshot with the bare statement's output.
SELECT
  count(*) AS row_count,
  CAST(coalesce(sum(CAST(hash(user_id, dt, spending_mean_7d) AS HUGEINT)), 0) AS VARCHAR) AS fingerprint
FROM {{user_features}}
