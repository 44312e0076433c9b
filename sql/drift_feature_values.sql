-- The values one side of a drift comparison holds: one feature column of a set of user_features
-- rows (a model's training rows, or the rows of a snapshot in a window of the same length), as
-- DOUBLE, for the PSI bins and the Kolmogorov-Smirnov statistic. A NULL value (a feature not
-- computed for that row) is no value and is left out. Unordered: the caller sorts.
SELECT CAST({{feature}} AS DOUBLE) AS value
FROM {{rows}}
WHERE {{feature}} IS NOT NULL
