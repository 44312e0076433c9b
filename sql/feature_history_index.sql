-- Every row of one user_features snapshot in (user_id, dt) order, compact for an in-memory index:
-- the date as days since 1970-01-01 and the value in cents (spending_mean_7d is decimal(15,2), so
-- both are exact). The dashboard answers debug requests from this index instead of scanning the
-- snapshot per request.
SELECT
    user_id,
    CAST(dt - DATE '1970-01-01' AS INTEGER) AS epoch_day,
    CAST(spending_mean_7d * 100 AS BIGINT) AS cents
FROM {{user_features}}
ORDER BY user_id, dt
