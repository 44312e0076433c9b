-- The registry as one snapshot of feature_definitions holds it: the newest version of every
-- applied feature, in name order.
SELECT
  name, version, entity, source_table, aggregation, source_column, window_days, data_type,
  description, owner, ttl, definition_sha256, definition_file, applied_at
FROM {{feature_definitions}}
QUALIFY row_number() OVER (PARTITION BY name ORDER BY version DESC) = 1
ORDER BY name
