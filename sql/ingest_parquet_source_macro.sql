-- Defines ingest_source(path) for a Parquet file: its rows numbered from 1 in file order, every
-- column as text, so a Parquet file passes exactly the checks a CSV file does (a TIMESTAMP without
-- time zone prints without an offset and is refused like a CSV timestamp without one).
CREATE OR REPLACE TEMP MACRO ingest_source(path) AS TABLE
SELECT
    file_row_number + 1 AS row_number,
    CAST(id AS VARCHAR) AS id,
    CAST(user_id AS VARCHAR) AS user_id,
    CAST(amount AS VARCHAR) AS amount,
    CAST(vendor_id AS VARCHAR) AS vendor_id,
    CAST(event_timestamp AS VARCHAR) AS event_timestamp
FROM read_parquet(path, file_row_number = true)
