-- The distribution of |z| over a model's training rows, as equal-width bins for the dashboard's
-- histogram. z = (v - mean) / population std over the rows of the window (0 when std is 0), as the
-- calibration computes it. Bins run from 0 to greatest(max |z|, threshold), so the threshold line
-- always falls inside the chart; the last bin is closed.
-- Parameters: window start, window end (dates, inclusive), threshold, bin count, bin count.
WITH training AS (
    SELECT CAST(spending_mean_7d AS DOUBLE) AS v
    FROM {{user_features}}
    WHERE dt BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
),
stats AS (
    SELECT avg(v) AS mean, stddev_pop(v) AS std FROM training
),
scored AS (
    SELECT CASE WHEN stats.std = 0 THEN 0.0 ELSE abs((training.v - stats.mean) / stats.std) END AS abs_z
    FROM training, stats
),
bounds AS (
    SELECT greatest(coalesce(max(abs_z), 0.0), CAST(? AS DOUBLE)) AS upper_bound FROM scored
)
SELECT
    bounds.upper_bound AS upper_bound,
    CASE WHEN bounds.upper_bound = 0 THEN 0
         ELSE least(CAST(floor(scored.abs_z / bounds.upper_bound * ?) AS INTEGER), ? - 1) END AS bin,
    count(*) AS rows
FROM scored, bounds
GROUP BY ALL
ORDER BY bin
