-- The row count and an order-independent fingerprint of a set of raw_events rows: the sum of every
-- row's hash, so two sets with the same rows (duplicates included) in any order and any file layout
-- agree. floe bench compares Floe's raw_events snapshot with the bare statement's output with it.
SELECT
  count(*) AS row_count,
  CAST(coalesce(sum(CAST(hash(id, user_id, amount, vendor_id, event_timestamp) AS HUGEINT)), 0) AS VARCHAR)
    AS fingerprint
FROM {{raw_events}}
