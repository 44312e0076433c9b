-- Adds one anomaly spec: index, user, window day, multiplier and proportion (as decimal text), n.
INSERT INTO anomaly_specs VALUES ($1, $2, $3, CAST($4 AS DECIMAL(20, 8)), CAST($5 AS DECIMAL(18, 9)), $6)
