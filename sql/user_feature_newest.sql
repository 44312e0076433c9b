-- One user's newest value of the feature column {{feature}} up to and including a date: what
-- detection scores a feature of a model on several with, other than spending_mean_7d (whose history
-- the amount is scored against). No row: the user has no value of it by then.
SELECT CAST({{feature}} AS DECIMAL(38, 2)) AS value
FROM {{user_features}}
WHERE user_id = ? AND dt <= ? AND {{feature}} IS NOT NULL
ORDER BY dt DESC
LIMIT 1
