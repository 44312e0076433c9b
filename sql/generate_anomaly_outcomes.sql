-- What each anomaly spec does (DESIGN.md "Anomaly spec"): k = n, else
-- max(1, round_half_up(proportion * events that day)). The k lowest-index events of the user that
-- day are multiplied; where the user has fewer than k (or no) events that day, the rest are added as
-- new events. added_offset lays each spec's added events out one after another.
CREATE OR REPLACE TEMP TABLE anomaly_outcomes AS
WITH counted AS (
    SELECT s.spec_index, s.user_id, s.day_index, s.multiplier, s.proportion, s.n,
           count(h.event_index) AS events_that_day
    FROM anomaly_specs AS s
    LEFT JOIN anomaly_hits AS h USING (spec_index)
    GROUP BY ALL
),
sized AS (
    SELECT *, CAST(coalesce(n, greatest(1, round(proportion * events_that_day))) AS BIGINT) AS k
    FROM counted
)
SELECT
    spec_index,
    user_id,
    day_index,
    multiplier,
    events_that_day,
    least(k, events_that_day) AS multiplied,
    k - least(k, events_that_day) AS added,
    CAST(coalesce(sum(k - least(k, events_that_day)) OVER (
        ORDER BY spec_index ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS added_offset
FROM sized
