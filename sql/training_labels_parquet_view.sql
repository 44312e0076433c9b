-- A Parquet label file read in place as the view labels, in input order: every column carried
-- through, user_id and as_of_ts typed as training_labels_load.sql types them (a value that does
-- not convert becomes NULL and is reported by training_labels_first_bad.sql), and rowid the 0-based
-- row in the file, as a loaded table's rowid. {{labels}} is the quoted file path.
CREATE TEMP VIEW labels AS
SELECT * EXCLUDE (file_row_number)
         REPLACE (TRY_CAST(user_id AS BIGINT) AS user_id, TRY_CAST(as_of_ts AS TIMESTAMPTZ) AS as_of_ts),
       file_row_number AS rowid
FROM read_parquet({{labels}}, file_row_number = true)
