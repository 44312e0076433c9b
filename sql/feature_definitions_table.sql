-- Holds the feature definitions one 'floe features apply' adds to the registry (new features and
-- new versions of existing ones), one row each, in the feature_definitions schema's column order.
CREATE OR REPLACE TEMP TABLE applied_feature_definitions (
    name VARCHAR,
    version INTEGER,
    entity VARCHAR,
    source_table VARCHAR,
    aggregation VARCHAR,
    source_column VARCHAR,
    window_days INTEGER,
    data_type VARCHAR,
    description VARCHAR,
    owner VARCHAR,
    ttl VARCHAR,
    definition_sha256 VARCHAR,
    definition_file VARCHAR,
    applied_at TIMESTAMPTZ
)
