-- The bare engine's training set, for floe bench: every label row with the latest user_features row
-- known at its as_of_ts (known_from_macro.sql), as one plain ASOF join over the same files the
-- builder reads, with no checks, no counts and no TTL. TrainingSetBuilder computes the same rows.
SELECT l.*, f.dt AS feature_dt, f.spending_mean_7d
FROM {{labels}} l
ASOF LEFT JOIN (
  SELECT user_id, dt, spending_mean_7d, known_from_us(dt) AS known_from_us FROM {{user_features}}
) f
  ON l.user_id = f.user_id AND epoch_us(l.as_of_ts) >= f.known_from_us
