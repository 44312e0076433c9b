-- The training set: every label row in input order with all its columns ({{label_columns}}, see
-- LabelFile.Loaded), then feature_dt and the selected features (match_columns: m.<feature> each,
-- see PointInTimeColumns) of its match. The labels scan in rowid
-- order and the matches table was stored in label_row order, so POSITIONAL JOIN pairs each label
-- with its own match.
SELECT {{label_columns}}, m.feature_dt, {{match_columns}}
FROM labels l
POSITIONAL JOIN matches m
