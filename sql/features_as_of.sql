-- Every user's latest user_features row known at ? (the parameter of features_newest_known), one
-- row per user, by user_id, with the selected features (feature_columns): the "features as of T" view, with no label file. DuckDB drops the
-- unused earlier-row aggregates, so this costs what a plain arg_max would.
SELECT user_id, feature_dt, {{feature_columns}}
FROM ({{features_newest_known}})
ORDER BY user_id
