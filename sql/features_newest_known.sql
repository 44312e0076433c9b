-- Every user's newest user_features row known at ? (microseconds since the epoch; known_from_us(dt)
-- <= ?), and the newest known row with an earlier dt (null when there is none), one row per user.
-- The single statement of "the latest row known at t": features_as_of projects the newest row out
-- of it; the online store keeps both rows of the whole snapshot (? at the end of time), so it can
-- answer "latest known at now" for today's row before and after midnight. A snapshot holds one row
-- per (user_id, dt), so the two top-2 lists are aligned. In no particular order: sorting here cost
-- more than the aggregate (measured); features_as_of orders its output and the online store sorts.
-- newest_feature_columns: arg_max(<f>, dt) AS <f> and arg_max(<f>, dt, 2)[2] AS earlier_<f> for
-- each selected feature (PointInTimeColumns).
SELECT
  user_id,
  max(dt) AS feature_dt,
  max(dt, 2)[2] AS earlier_dt,
  {{newest_feature_columns}}
FROM {{user_features}}
WHERE known_from_us(dt) <= CAST(? AS BIGINT)
GROUP BY user_id
