-- The highest id in a raw_events snapshot (0 when it is empty), read from the data when file
-- metrics cannot say.
SELECT coalesce(max(id), 0) FROM {{raw_events}}
