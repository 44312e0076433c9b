-- Each user's first event date in a whole raw_events snapshot, as (user_id, dt): the proof of
-- first events that gapfilled_7day_spend.sql takes as its earlier_features, so a backfill chunk that
-- reads only its own dates' events still starts every user's rows on their true first date.
SELECT user_id, min(CAST(make_timestamp(epoch_us(event_timestamp)) AS DATE)) AS dt
FROM {{raw_events}}
GROUP BY user_id
