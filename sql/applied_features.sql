-- Every applied feature of user_features (floe features apply) per user and UTC date, in one pass
-- over the events: the windowed aggregates of each definition over a gap-filled spine with a row on
-- every date from the user's first event date on, as sql/gapfilled_7day_spend.sql has for
-- spending_mean_7d (whose value this computes bit for bit). Money is summed as integer cents and
-- rounded half-up with integer arithmetic.
--
-- The generated parts come only from validated definitions (dev.floe.features.FeatureSql): column
-- and feature names checked against the schemas, window lengths as integers. They are, by
-- placeholder name: daily_columns (extra per-day inputs: a list of distinct values per day),
-- days_before (the longest window's days before a date), window_columns (one windowed aggregate
-- per feature, named <feature>__window), windows (one named window w<N> per window length N),
-- feature_columns (each feature's value from its aggregate, in user_features column order).
-- Inputs as for gapfilled_7day_spend.sql: raw_events, earlier_features, date_ranges.
-- Output: user_id, dt, the features, __partition (= dt), ordered by dt, user_id.
WITH daily AS (
  SELECT
    user_id,
    -- The UTC date of the instant; make_timestamp skips the ICU time-zone path of a TIMESTAMPTZ cast.
    CAST(make_timestamp(epoch_us(event_timestamp)) AS DATE) AS day,
    CAST(sum(CAST(amount * 100 AS BIGINT)) AS BIGINT) AS cents,
    count(*) AS events,
    max(CAST(amount * 100 AS BIGINT)) AS max_cents,
    min(CAST(amount * 100 AS BIGINT)) AS min_cents{{daily_columns}}
  FROM {{raw_events}}
  GROUP BY ALL
),
first_days AS (
  SELECT user_id, min(first_day) AS first_day
  FROM (
    SELECT user_id, day AS first_day FROM daily
    UNION ALL
    SELECT user_id, dt AS first_day FROM {{earlier_features}}
  )
  GROUP BY user_id
),
spine AS (
  SELECT
    f.user_id,
    f.first_day,
    r.range_start,
    CAST(unnest(generate_series(greatest(f.first_day, r.range_start - {{days_before}}), r.range_end, INTERVAL 1 DAY)) AS DATE) AS dt
  FROM first_days f
  JOIN {{date_ranges}} r ON f.first_day <= r.range_end
),
windowed AS (
  SELECT
    s.user_id,
    s.range_start,
    s.dt,
    s.first_day,
    {{window_columns}}
  FROM spine s
  LEFT JOIN daily d ON d.user_id = s.user_id AND d.day = s.dt
  WINDOW {{windows}}
)
SELECT
  user_id,
  dt,
  {{feature_columns}},
  dt AS __partition
FROM windowed
WHERE dt >= range_start
ORDER BY dt, user_id
