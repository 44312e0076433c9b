-- Raw events as a person or a file receives them, ordered by time then id (ids are unique), so the
-- same snapshot always exports to the same bytes.
SELECT id, user_id, amount, vendor_id, event_timestamp
FROM {{raw_events}}
ORDER BY event_timestamp, id
