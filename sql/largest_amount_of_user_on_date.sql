-- The largest amount one user paid on one UTC date. The demo debugs the amount its injected anomaly
-- multiplied: the generator reports the user and date of an anomaly, and a x10 amount is that day's
-- largest.
SELECT max(amount) AS amount
FROM {{raw_events}}
WHERE user_id = ? AND CAST(event_timestamp AS DATE) = ?
