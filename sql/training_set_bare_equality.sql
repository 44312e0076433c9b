-- The bare engine doing what TrainingSetBuilder does on a gap-free snapshot, for floe bench: each
-- user's last dt, then a LEFT equality join on (user_id, least(latest known dt, last dt))
-- (latest_known_dt_macro.sql), as one plain statement with no checks, no counts and no TTL.
SELECT l.*, f.dt AS feature_dt, f.spending_mean_7d
FROM {{labels}} l
LEFT JOIN (SELECT user_id, max(dt) AS last_dt FROM {{user_features}} GROUP BY user_id) s
  ON s.user_id = l.user_id
LEFT JOIN {{user_features}} f
  ON f.user_id = l.user_id AND f.dt = least(latest_known_dt(epoch_us(l.as_of_ts)), s.last_dt)
