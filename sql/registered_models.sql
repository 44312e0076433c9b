-- Every registered model, oldest first.
SELECT
  model_version, trained_at, feature_snapshot_id, raw_events_snapshot_id, feature_name,
  decision_threshold, training_window_start, training_window_end, quantile, workflow_id, run_id,
  training_rows, feature_mean, feature_std, sql_hash, floe_version
FROM {{model_training_metadata}}
ORDER BY trained_at, model_version
