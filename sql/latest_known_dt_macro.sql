-- The point-in-time rule from the other side (see known_from_macro.sql): the latest dt whose row is
-- known at as_of_us (microseconds since the epoch) is the UTC date of that instant minus one day.
-- Integer floor division, so instants before 1970 get their day too. Java states the same rule in
-- KnownTime.latestKnownDate.
CREATE OR REPLACE TEMP MACRO latest_known_dt(as_of_us) AS
  DATE '1970-01-01'
  + CAST((as_of_us - ((as_of_us % 86400000000) + 86400000000) % 86400000000) // 86400000000 AS INTEGER)
  - 1
