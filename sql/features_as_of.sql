-- Every user's latest user_features row known at ? (microseconds since the epoch; known_from_us(dt)
-- <= ?), one row per user, by user_id: the "features as of T" view, with no label file.
SELECT user_id, max(dt) AS feature_dt, arg_max(spending_mean_7d, dt) AS spending_mean_7d
FROM {{user_features}}
WHERE known_from_us(dt) <= CAST(? AS BIGINT)
GROUP BY user_id
ORDER BY user_id
