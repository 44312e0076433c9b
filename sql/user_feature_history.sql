-- One user's spending_mean_7d history up to and including a date, oldest first: what detection
-- scores an amount against. The files are sorted by (dt, user_id), so the user_id filter prunes
-- row groups by their statistics.
SELECT dt, spending_mean_7d
FROM {{user_features}}
WHERE user_id = ? AND dt <= ?
ORDER BY dt
