-- How many rows of a training set already written to Parquet have features: a count of one column,
-- which costs next to nothing beside a second pass over the labels.
SELECT count(feature_dt) AS with_features FROM {{training_set}}
