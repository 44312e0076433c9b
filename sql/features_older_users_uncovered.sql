-- How many users have rows in {{older_features}} (the dates before a snapshot's two newest) without
-- having both their newest rows in {{newest_features}} (the two newest dates). Zero proves that
-- features_newest_known over the two newest dates alone gives every user's newest row and the one
-- before it exactly as over the whole snapshot: a user with two rows there has its top two there
-- (every older row is older), and a user with fewer has no older row. The featurizer's gap-filling
-- makes it zero; it is checked, not trusted, and reads only user_id (cheap; measured).
SELECT count(*) AS uncovered
FROM (SELECT DISTINCT user_id FROM {{older_features}}) AS older
WHERE NOT EXISTS (
  SELECT 1
  FROM (SELECT user_id FROM {{newest_features}} GROUP BY user_id HAVING count(*) >= 2) AS covered
  WHERE covered.user_id = older.user_id)
