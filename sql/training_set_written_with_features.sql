-- How many rows of a training set already written to Parquet have features: one column counted,
-- far cheaper than a second pass over the labels.
SELECT count(feature_dt) AS with_features FROM {{training_set}}
