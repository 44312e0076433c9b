-- The training set when every user's rows in the snapshot are gap-free (feature_spans.sql): the
-- latest row known at as_of_ts is then the one of least(latest_known_dt(as_of_ts), last_dt), so the
-- point-in-time match is a LEFT equality join on (user_id, dt) instead of an ASOF join, and no day
-- before first_dt has a row to find. A match older than the TTL comes out as NULLs, as in
-- training_set_matches.sql. ? (twice, then twice per selected feature in fresh_feature_columns,
-- each feature's value under the same TTL rule; see PointInTimeColumns): the TTL in microseconds,
-- or NULL for none.
-- {{last_dt}} is each user's last dt: s.last_dt with {{spans_join}} joining feature_spans in, or,
-- when every user ends on the same day, that day as a last ? and no join at all.
-- {{label_columns}} is every column of the label file (LabelFile.Loaded: l.*, or l.* without the
-- rowid column of a Parquet file read in place). Every label row once, all its columns, in input
-- order: joins do not keep row order, so the rows are sorted back by the labels' rowid, in this
-- statement, which writes in parallel.
SELECT {{label_columns}},
       CASE WHEN CAST(? AS BIGINT) IS NULL OR epoch_us(l.as_of_ts) - known_from_us(f.dt) <= CAST(? AS BIGINT)
            THEN f.dt END AS feature_dt,
       {{fresh_feature_columns}}
FROM labels l
{{spans_join}}
LEFT JOIN {{user_features}} f
  ON f.user_id = l.user_id AND f.dt = least(latest_known_dt(epoch_us(l.as_of_ts)), {{last_dt}})
ORDER BY l.rowid
