-- Feature rows as a person or a file receives them: one row per (user_id, dt), ordered by date then
-- user, so the same snapshot always exports to the same bytes. feature_columns: the selected
-- features (spending_mean_7d unless asked otherwise).
SELECT user_id, dt, {{feature_columns}}
FROM {{user_features}}
ORDER BY dt, user_id
