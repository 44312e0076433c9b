-- The dates on which users gain user_features rows because newly added raw events moved their first
-- event date earlier than the features knew it. A user has a row on every date from their first event
-- date on, so a user whose first event moves back by more than the 7 days the added events' own windows
-- cover needs new rows (worth 0.00) on dates no added event's window reaches.
--   {{added_events}}  the raw_events rows added since the features were computed
--   {{features}}      the current user_features rows dated on or after the earliest added event date
--                     (or on the last feature date, when every added event is later): a user's rows
--                     run without gaps from the first event date, so this shows who is known and since when
--   ?                 the last event date of the new raw snapshot (a new user has rows up to it)
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
spans AS (
  SELECT a.first_added + 7 AS span_start, coalesce(k.first_known - 1, CAST(? AS DATE)) AS span_end
  FROM added a
  LEFT JOIN known k USING (user_id)
)
SELECT DISTINCT span_start, span_end
FROM spans
WHERE span_start <= span_end
ORDER BY span_start, span_end
