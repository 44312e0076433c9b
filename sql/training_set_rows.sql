-- The training set: every label row in input order with all its columns, then feature_dt and
-- spending_mean_7d of its match. The labels table scans in rowid order and the matches are sorted
-- by label_row, so POSITIONAL JOIN pairs each label with its own match without sorting wide rows.
SELECT l.*, m.feature_dt, m.spending_mean_7d
FROM labels l
POSITIONAL JOIN (SELECT feature_dt, spending_mean_7d FROM matches ORDER BY label_row) m
