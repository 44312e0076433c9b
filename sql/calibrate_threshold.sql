-- Calibrates the anomaly threshold over a model's training rows (see DESIGN.md, "Calibration"):
-- mean and population standard deviation of the feature column {{feature}}, then the q-quantile of |z| with linear
-- interpolation at (n - 1) * q, which is quantile_cont. A zero deviation makes every z undefined,
-- so the threshold falls back to 3.0. An empty window returns training_rows = 0 and NULLs.
--
-- The moments come from exact integer sums of cents (HUGEINT), not from floating-point
-- aggregates: those combine parallel partial results in a varying order and differ in the last
-- bits from run to run, while these give the same threshold for the same rows every time, and a
-- deviation of exactly 0 only when every value is equal.
WITH training AS (
  SELECT ({{feature}} * 100)::BIGINT AS cents FROM {{training_rows}}
),
sums AS (
  SELECT count(*) AS n, sum(cents::HUGEINT) AS s1, sum(cents::HUGEINT * cents) AS s2
  FROM training
),
moments AS (
  SELECT
    n AS training_rows,
    s1::DOUBLE / (n * 100) AS feature_mean,
    sqrt((n * s2 - s1 * s1)::DOUBLE) / (n * 100) AS feature_std
  FROM sums
)
SELECT
  training_rows,
  feature_mean,
  feature_std,
  CASE
    WHEN feature_std = 0 THEN 3.0
    ELSE (
      SELECT quantile_cont(abs(cents / 100 - feature_mean) / feature_std, ?)
      FROM training)
  END AS threshold
FROM moments
