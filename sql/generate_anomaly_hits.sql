-- Finds every generated event (indexes [0, $2) of synthetic_events with seed $1, $3 users and $4
-- days) that falls on an anomaly spec's user and window day, before any anomaly is applied.
CREATE OR REPLACE TEMP TABLE anomaly_hits AS
SELECT s.spec_index, e.event_index
FROM synthetic_events($1, 0, $2, $3, $4) AS e
JOIN anomaly_specs AS s ON e.user_id = s.user_id AND e.day_index = s.day_index
