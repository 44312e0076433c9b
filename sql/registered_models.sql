-- Every registered model, oldest first. The files are read by column name: those written before
-- the optional column features was added (and every single-feature model's) lack it, and the
-- empty typed row makes it read as NULL there even when no file has it yet.
SELECT
  model_version, trained_at, feature_snapshot_id, raw_events_snapshot_id, feature_name,
  decision_threshold, training_window_start, training_window_end, quantile, workflow_id, run_id,
  training_rows, feature_mean, feature_std, sql_hash, floe_version, features
FROM (
  SELECT * FROM {{model_training_metadata}}
  UNION ALL BY NAME
  SELECT CAST(NULL AS VARCHAR) AS features WHERE false
)
ORDER BY trained_at, model_version
