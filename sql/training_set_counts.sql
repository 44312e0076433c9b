-- What the point-in-time match found: rows, rows with features, rows whose match was past the TTL.
SELECT count(*) AS rows, count(feature_dt) AS with_features, count(*) FILTER (WHERE expired) AS expired
FROM matches
