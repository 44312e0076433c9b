-- The distinct user ids of some user_features files. NewestRowsReader proves with them that a
-- snapshot's two newest dates hold every user's two newest rows, and keeps them between snapshots,
-- since Iceberg data files never change.
SELECT DISTINCT user_id FROM {{user_features}}
