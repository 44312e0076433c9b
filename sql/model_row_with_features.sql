-- A model on several features as a model_training_metadata row: the row of model_row.sql, then the
-- optional column features (each feature's calibration as a JSON array), bound as the first
-- parameter, before model_row.sql's own.
SELECT model_row.*, features.features
FROM (SELECT ?::VARCHAR AS features) AS features, ({{model_row}}) AS model_row
