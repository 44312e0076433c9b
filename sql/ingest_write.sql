-- The rows of a checked ingest file (none of them flagged) as raw_events columns, plus the UTC
-- date partition value.
SELECT id, user_id, amount, vendor_id, event_timestamp, CAST(event_timestamp AS DATE) AS __partition
FROM ingest_checked
