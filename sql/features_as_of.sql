-- Every user's latest user_features row known at the instant ? (known_from(dt) <= ?), one row per
-- user, by user_id: the "features as of T" view, with no label file.
SELECT user_id, max(dt) AS feature_dt, arg_max(spending_mean_7d, dt) AS spending_mean_7d
FROM {{user_features}}
WHERE known_from(dt) <= CAST(? AS TIMESTAMPTZ)
GROUP BY user_id
ORDER BY user_id
