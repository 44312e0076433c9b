-- The rows of a checked ingest file whose id raw_events already holds ({{raw_events}} is the
-- current snapshot, pruned to files whose id range overlaps the file's), each with the stored
-- values and whether the file's row is identical to the stored one. One join of the file's ids
-- against the stored ids: counting, refusing and skipping all read this table.
CREATE OR REPLACE TEMP TABLE ingest_stored AS
SELECT
    checked.id,
    stored.user_id AS stored_user_id,
    stored.amount AS stored_amount,
    stored.vendor_id AS stored_vendor_id,
    stored.event_timestamp AS stored_event_timestamp,
    checked.user_id = stored.user_id
        AND checked.amount = stored.amount
        AND checked.vendor_id = stored.vendor_id
        AND checked.event_timestamp = stored.event_timestamp AS identical
FROM ingest_checked AS checked
JOIN {{raw_events}} AS stored ON checked.id = stored.id
