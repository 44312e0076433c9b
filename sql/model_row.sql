-- One registered model as a model_training_metadata row, every column in schema order, each value
-- bound as a parameter.
SELECT
  ?::VARCHAR AS model_version,
  ?::TIMESTAMPTZ AS trained_at,
  ?::BIGINT AS feature_snapshot_id,
  ?::BIGINT AS raw_events_snapshot_id,
  ?::VARCHAR AS feature_name,
  ?::DOUBLE AS decision_threshold,
  ?::DATE AS training_window_start,
  ?::DATE AS training_window_end,
  ?::DOUBLE AS quantile,
  ?::VARCHAR AS workflow_id,
  ?::VARCHAR AS run_id,
  ?::BIGINT AS training_rows,
  ?::DOUBLE AS feature_mean,
  ?::DOUBLE AS feature_std,
  ?::VARCHAR AS sql_hash,
  ?::VARCHAR AS floe_version
