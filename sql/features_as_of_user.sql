-- One user's latest user_features row known at ? (microseconds since the epoch; known_from_us(dt)
-- <= ?), if any, with the selected features (feature_columns). Parameters: that instant, then the user id.
SELECT user_id, dt AS feature_dt, {{feature_columns}}
FROM {{user_features}}
WHERE known_from_us(dt) <= CAST(? AS BIGINT) AND user_id = ?
ORDER BY dt DESC
LIMIT 1
