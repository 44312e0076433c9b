-- Calibrates the anomaly threshold over a model's training rows (see DESIGN.md, "Calibration"):
-- mean and population standard deviation of the feature, then the q-quantile of |z| with linear
-- interpolation at (n - 1) * q, which is quantile_cont. A zero deviation makes every z undefined,
-- so the threshold falls back to 3.0. The mean is taken on the exact decimals; the deviation and
-- |z| in double precision. An empty window returns training_rows = 0 and NULLs.
WITH training AS (
  SELECT spending_mean_7d FROM {{training_rows}}
),
moments AS (
  SELECT
    count(*) AS training_rows,
    avg(spending_mean_7d) AS feature_mean,
    stddev_pop(spending_mean_7d::DOUBLE) AS feature_std
  FROM training
)
SELECT
  training_rows,
  feature_mean,
  feature_std,
  CASE
    WHEN feature_std = 0 THEN 3.0
    ELSE (
      SELECT quantile_cont(abs(t.spending_mean_7d::DOUBLE - feature_mean) / feature_std, ?)
      FROM training t)
  END AS threshold
FROM moments
