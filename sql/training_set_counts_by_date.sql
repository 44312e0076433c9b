-- What the point-in-time match of training_set_rows_by_date.sql finds, without running it: a label
-- matches when least(latest_known_dt(as_of_ts), last_dt) of its user is on or after the user's
-- first_dt (feature_spans is gap-free, so that day has exactly one row); a match older than the TTL
-- counts as expired, as in training_set_matches.sql. ? and ?: the TTL in microseconds, or NULL.
SELECT count(*) FILTER (WHERE fresh) AS with_features, count(*) FILTER (WHERE NOT fresh) AS expired
FROM (
  SELECT CAST(? AS BIGINT) IS NULL OR as_of_us - known_from_us(matched_dt) <= CAST(? AS BIGINT) AS fresh
  FROM (
    SELECT epoch_us(l.as_of_ts) AS as_of_us,
           least(latest_known_dt(epoch_us(l.as_of_ts)), s.last_dt) AS matched_dt,
           s.first_dt
    FROM labels l
    JOIN feature_spans s ON s.user_id = l.user_id
  )
  WHERE matched_dt >= first_dt
)
