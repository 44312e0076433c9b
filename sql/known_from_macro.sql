-- The point-in-time rule, stated once for every statement that asks "what was known at t":
-- a user_features row (user_id, dt) summarises all of day dt, so it is known only from
-- dt + 1 day 00:00 UTC. As microseconds since the epoch, so statements compare it with
-- epoch_us(t) in plain integers: a time-zone-aware cast of millions of dates costs seconds.
-- Java states the same rule in KnownTime.
CREATE OR REPLACE TEMP MACRO known_from_us(dt) AS (CAST(dt - DATE '1970-01-01' AS BIGINT) + 1) * 86400000000
