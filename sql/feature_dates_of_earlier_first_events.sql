-- The dates on which users gain user_features rows, or see their values change, because newly added
-- raw events moved their first event date earlier than the features knew it. A user has a row on
-- every date from their first event date on, so a user whose first event moves back by more than the
-- window the added events' own dates cover needs new rows on dates no added event's window reaches;
-- and when a value depends on the first event date (days since it), every later date of theirs changes.
--   {{added_events}}  the raw_events rows added since the features were computed
--   {{features}}      the current user_features rows dated on or after the earliest added event date
--                     (or on the last feature date, when every added event is later): a user's rows
--                     run without gaps from the first event date, so this shows who is known and since when
--   ? (1)             the longest window in days: an added event's own window covers its date and the
--                     days after it up to this many days (exclusive)
--   ? (2)             true when a value depends on the first event date
--   ? (3)             the last event date of the new raw snapshot (a new user has rows up to it)
-- Output: inclusive spans (span_start, span_end) of dates to recompute.
WITH added AS (
  SELECT user_id, min(CAST(make_timestamp(epoch_us(event_timestamp)) AS DATE)) AS first_added
  FROM {{added_events}}
  GROUP BY user_id
),
known AS (
  SELECT user_id, min(dt) AS first_known
  FROM {{features}}
  WHERE user_id IN (SELECT user_id FROM added)
  GROUP BY user_id
),
parameters AS (
  SELECT CAST(? AS INTEGER) AS window_days, CAST(? AS BOOLEAN) AS first_date_matters, CAST(? AS DATE) AS last_date
),
spans AS (
  SELECT
    a.first_added + p.window_days AS span_start,
    CASE
      WHEN k.first_known IS NULL THEN p.last_date
      WHEN p.first_date_matters AND a.first_added < k.first_known THEN p.last_date
      ELSE k.first_known - 1
    END AS span_end
  FROM added a
  CROSS JOIN parameters p
  LEFT JOIN known k USING (user_id)
)
SELECT DISTINCT span_start, span_end
FROM spans
WHERE span_start <= span_end
ORDER BY span_start, span_end
