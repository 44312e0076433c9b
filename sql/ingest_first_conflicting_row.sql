-- The first row, in file order, whose id raw_events already holds with different content: its
-- values and the stored ones, as text (timestamps as UTC instants), so the error can name both.
SELECT
    file.row_number,
    file.id,
    CAST(file.user_id AS VARCHAR) AS user_id,
    CAST(stored.stored_user_id AS VARCHAR) AS stored_user_id,
    CAST(file.amount AS VARCHAR) AS amount,
    CAST(stored.stored_amount AS VARCHAR) AS stored_amount,
    CAST(file.vendor_id AS VARCHAR) AS vendor_id,
    CAST(stored.stored_vendor_id AS VARCHAR) AS stored_vendor_id,
    replace(CAST(timezone('UTC', file.event_timestamp) AS VARCHAR), ' ', 'T') || 'Z' AS event_timestamp,
    replace(CAST(timezone('UTC', stored.stored_event_timestamp) AS VARCHAR), ' ', 'T') || 'Z'
        AS stored_event_timestamp
FROM ingest_rows($1) AS file
JOIN ingest_stored AS stored ON file.id = stored.id
WHERE NOT stored.identical
ORDER BY file.row_number
LIMIT 1
