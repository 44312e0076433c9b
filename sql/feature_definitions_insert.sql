-- Adds one feature definition version to the rows being applied; every value bound in column order.
INSERT INTO applied_feature_definitions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CAST($14 AS TIMESTAMPTZ))
