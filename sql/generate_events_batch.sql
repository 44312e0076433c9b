-- One batch of synthetic raw_events rows (table columns in order, then the day partition value):
-- events [$4, $5) of synthetic_events with the anomaly plan applied. Ids follow $1, the table's
-- highest id before this generate run; $2 is the window's first date as days since 1970-01-01.
-- Amounts round half-up to cents (round() on the double, then an exact cast: cheaper than casting
-- the double directly, same result). A chosen amount is that times its factor, rounded half-up to
-- cents again on the exact decimal; an added event takes its spec's user and window day.
SELECT
    $1 + event_index + 1 AS id,
    coalesce(a.user_id, e.user_id) AS user_id,
    CASE
        WHEN a.factor IS NULL THEN CAST(round(e.amount_value, 2) AS DECIMAL(15, 2))
        ELSE CAST(round(CAST(round(e.amount_value, 2) AS DECIMAL(15, 2)) * a.factor, 2) AS DECIMAL(15, 2))
    END AS amount,
    e.vendor_id,
    make_timestamptz(($2 + coalesce(a.day_index, e.day_index)) * 86400000000 + e.second_of_day * 1000000)
        AS event_timestamp,
    DATE '1970-01-01' + CAST($2 + coalesce(a.day_index, e.day_index) AS INTEGER) AS __partition
FROM synthetic_events($3, $4, $5, $6, $7) AS e
LEFT JOIN anomaly_events AS a USING (event_index)
