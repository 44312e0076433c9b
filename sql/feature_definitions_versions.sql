-- Every version of every applied feature that one snapshot of feature_definitions holds (the table
-- only ever gains rows), by name and version: what a model's recorded definition versions name.
SELECT
  name, version, entity, source_table, aggregation, source_column, window_days, data_type,
  description, owner, ttl, definition_sha256, definition_file, applied_at
FROM {{feature_definitions}}
ORDER BY name, version
