-- Feature rows as a person or a file receives them: one row per (user_id, dt), ordered by date then
-- user, so the same snapshot always exports to the same bytes.
SELECT user_id, dt, spending_mean_7d
FROM {{user_features}}
ORDER BY dt, user_id
