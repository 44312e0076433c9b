-- One more day of user_features after the snapshot's last date, for every user in it, with a
-- constant value: the shape of what a daily featurize run appends, for freshness benchmarks
-- (commit to online visibility). Not a real feature computation.
WITH last AS (SELECT max(dt) + 1 AS dt FROM {{user_features}})
SELECT DISTINCT
  f.user_id,
  last.dt,
  CAST(1.23 AS DECIMAL(15,2)) AS spending_mean_7d,
  strftime(last.dt, '%Y-%m-%d') AS __partition
FROM {{user_features}} f, last
