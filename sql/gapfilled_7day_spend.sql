-- spending_mean_7d per user and UTC date (DESIGN.md, "Semantics"): round_half_up(sum of the user's
-- amounts on dt-6 .. dt / 7, 2), always divided by 7, with a row on every date from the user's first
-- event date on, so a user who stops spending decays to 0.00. Exact: amounts are summed as integer
-- cents and rounded half-up with integer arithmetic, never through DuckDB's double division.
--
-- Computes only the dates of {{date_ranges}} (range_start, range_end: inclusive, disjoint), so a run
-- can recompute just the dates whose window saw new events. Inputs:
--   {{raw_events}}        at least every event on range_start - 6 .. range_end of every range
--   {{earlier_features}}  user_features rows (user_id, dt) that prove a user's first event lies on or
--                         before dt, for users whose first event precedes the events read (empty when
--                         the events read go back to the beginning)
-- Output: the user_features columns plus __partition (= dt), ordered by dt, user_id.
WITH daily AS (
  SELECT
    user_id,
    -- The UTC date of the instant; make_timestamp skips the ICU time-zone path of a TIMESTAMPTZ cast.
    CAST(make_timestamp(epoch_us(event_timestamp)) AS DATE) AS day,
    CAST(sum(CAST(amount * 100 AS BIGINT)) AS BIGINT) AS cents
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
  -- Every date a user has a row on, from 6 days before each range (its first window) to its end.
  SELECT
    f.user_id,
    r.range_start,
    CAST(unnest(generate_series(greatest(f.first_day, r.range_start - 6), r.range_end, INTERVAL 1 DAY)) AS DATE) AS dt
  FROM first_days f
  JOIN {{date_ranges}} r ON f.first_day <= r.range_end
),
windowed AS (
  SELECT
    s.user_id,
    s.range_start,
    s.dt,
    CAST(sum(coalesce(d.cents, 0)) OVER (
      PARTITION BY s.user_id, s.range_start ORDER BY s.dt ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS BIGINT) AS cents_7d
  FROM spine s
  LEFT JOIN daily d ON d.user_id = s.user_id AND d.day = s.dt
)
SELECT
  user_id,
  dt,
  -- round_half_up(cents_7d / 7) in whole cents, away from zero at exactly .5: (2|c| + 7) // 14.
  CAST(sign(cents_7d) * ((abs(cents_7d) * 2 + 7) // 14) * 0.01 AS DECIMAL(15, 2)) AS spending_mean_7d,
  dt AS __partition
FROM windowed
WHERE dt >= range_start
ORDER BY dt, user_id
