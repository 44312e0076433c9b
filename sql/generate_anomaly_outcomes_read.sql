-- Reads back what each anomaly spec did, in request order.
SELECT spec_index, events_that_day, multiplied, added
FROM anomaly_outcomes
ORDER BY spec_index
