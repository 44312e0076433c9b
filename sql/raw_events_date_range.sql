-- The first and last UTC event dates of a raw_events snapshot: the dates a full feature recompute
-- covers (NULLs when the snapshot is empty).
SELECT
    CAST(make_timestamp(epoch_us(min(event_timestamp))) AS DATE) AS first_day,
    CAST(make_timestamp(epoch_us(max(event_timestamp))) AS DATE) AS last_day
FROM {{raw_events}}
