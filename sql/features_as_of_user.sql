-- One user's latest user_features row known at the instant ? (known_from(dt) <= ?), if any.
-- Parameters: the instant, then the user id.
SELECT user_id, dt AS feature_dt, spending_mean_7d
FROM {{user_features}}
WHERE known_from(dt) <= CAST(? AS TIMESTAMPTZ) AND user_id = ?
ORDER BY dt DESC
LIMIT 1
