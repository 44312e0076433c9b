-- One user's latest user_features row known at ? (microseconds since the epoch; known_from_us(dt)
-- <= ?), if any. Parameters: that instant, then the user id.
SELECT user_id, dt AS feature_dt, spending_mean_7d
FROM {{user_features}}
WHERE known_from_us(dt) <= CAST(? AS BIGINT) AND user_id = ?
ORDER BY dt DESC
LIMIT 1
