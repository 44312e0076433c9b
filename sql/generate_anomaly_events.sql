-- The events an anomaly plan changes, by event index: each chosen generated event with its factor
-- (the multiplier of the spec that chose it; the product when several specs chose the same event),
-- and each added event (indexes from $1, the number of generated events) with its spec's user,
-- window day and multiplier.
CREATE OR REPLACE TEMP TABLE anomaly_events AS
SELECT
    event_index,
    CASE WHEN count(*) = 1 THEN min(multiplier) ELSE CAST(product(multiplier) AS DECIMAL(20, 8)) END AS factor,
    CAST(NULL AS BIGINT) AS user_id,
    CAST(NULL AS INTEGER) AS day_index
FROM (
    SELECT h.event_index, o.multiplier, o.multiplied,
           row_number() OVER (PARTITION BY h.spec_index ORDER BY h.event_index) AS position
    FROM anomaly_hits AS h
    JOIN anomaly_outcomes AS o USING (spec_index)
)
WHERE position <= multiplied
GROUP BY event_index
UNION ALL
SELECT $1 + added_offset + j AS event_index, multiplier AS factor, user_id, day_index
FROM (SELECT *, unnest(range(added)) AS j FROM anomaly_outcomes)
