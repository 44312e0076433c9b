-- The point-in-time rule, stated once for every statement that asks "what was known at t":
-- a user_features row (user_id, dt) summarises all of day dt, so it is known only from
-- dt + 1 day 00:00 UTC (the connection's time zone is UTC). Java states the same rule in KnownTime.
CREATE OR REPLACE TEMP MACRO known_from(dt) AS CAST(dt + INTERVAL 1 DAY AS TIMESTAMPTZ)
