-- The label file as a table in its input order (rowid is the 0-based row), every column carried
-- through, user_id and as_of_ts typed. A value that does not convert becomes NULL here and is
-- reported, with its row, by training_labels_first_bad.sql. {{labels}} may already have them typed
-- (a CSV file parsed strictly), and then the casts change nothing.
CREATE TEMP TABLE labels AS
SELECT * REPLACE (TRY_CAST(user_id AS BIGINT) AS user_id, TRY_CAST(as_of_ts AS TIMESTAMPTZ) AS as_of_ts)
FROM {{labels}}
