-- The column names of a Parquet file, to check them before reading its rows.
SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($1))
