-- How many labels there are and the latest as_of_ts, which bounds the feature dates worth reading.
SELECT count(*) AS labels, max(as_of_ts) AS latest_as_of FROM labels
