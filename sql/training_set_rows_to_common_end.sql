-- The training set when every user's rows in the snapshot are gap-free and end on the same day
-- (feature_spans.sql): as training_set_rows_by_date.sql, but the day to look up is
-- least(latest_known_dt(as_of_ts), that common last day), so no per-user spans are joined in.
-- ? (four times): the TTL in microseconds, or NULL for none; then ?: the common last dt.
-- Every label row once, all its columns, in input order: joins do not keep row order, so the rows
-- are sorted back by the labels' rowid, in this statement, which writes in parallel.
SELECT l.*,
       CASE WHEN CAST(? AS BIGINT) IS NULL OR epoch_us(l.as_of_ts) - known_from_us(f.dt) <= CAST(? AS BIGINT)
            THEN f.dt END AS feature_dt,
       CASE WHEN CAST(? AS BIGINT) IS NULL OR epoch_us(l.as_of_ts) - known_from_us(f.dt) <= CAST(? AS BIGINT)
            THEN f.spending_mean_7d END AS spending_mean_7d
FROM labels l
LEFT JOIN {{user_features}} f
  ON f.user_id = l.user_id AND f.dt = least(latest_known_dt(epoch_us(l.as_of_ts)), CAST(? AS DATE))
ORDER BY l.rowid
