-- Defines synthetic_events(seed, first_index, end_index, users, days): the synthetic transactions
-- with indexes [first_index, end_index) per DESIGN.md "Generation", before anomalies. Every row is a
-- pure function of (seed, index), so any split into batches yields the same rows.
-- Randomness is counter-based: DuckDB's 64-bit hash of (hash(seed) xor (4 * index + stream)) gives
-- three independent streams per event, and the high and low 32 bits of a stream are two uniforms.
-- Multiply-shift, (u32 * n) >> 32, maps a 32-bit uniform onto [0, n) without floating point.
-- The amount is max(0.5, exp(3.0 + 0.75 * z)) with z standard normal by Box-Muller, u1 in (0, 1].
CREATE OR REPLACE TEMP MACRO synthetic_events(seed, first_index, end_index, users, days) AS TABLE
SELECT
    event_index,
    ((who >> 32) * users::UBIGINT >> 32)::BIGINT AS user_id,
    ((who & 4294967295) * 1000 >> 32)::BIGINT + 1 AS vendor_id,
    ((moment >> 32) * days::UBIGINT >> 32)::INTEGER AS day_index,
    ((moment & 4294967295) * 86400 >> 32)::BIGINT AS second_of_day,
    greatest(
        0.5,
        exp(3.0 + 0.75
            * sqrt(-2.0 * ln(((size >> 32) + 1) / 4294967296.0))
            * cos(2.0 * pi() * (size & 4294967295) / 4294967296.0))) AS amount_value
FROM (
    SELECT
        i AS event_index,
        hash(xor(hash(seed::BIGINT), (4 * i + 1)::UBIGINT)) AS who,
        hash(xor(hash(seed::BIGINT), (4 * i + 2)::UBIGINT)) AS moment,
        hash(xor(hash(seed::BIGINT), (4 * i + 3)::UBIGINT)) AS size
    FROM range(first_index, end_index) AS r(i)
)
