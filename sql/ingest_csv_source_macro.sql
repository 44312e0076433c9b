-- Defines ingest_source(path) for a CSV file: its data rows as text, numbered from 1 in file order
-- (WITH ORDINALITY streams the file in order; a query that does not use the number reads it in
-- parallel). The header is checked before this runs; every field is read as text so that the
-- checks in ingest_first_bad_row can say what is wrong with a value rather than fail on it.
CREATE OR REPLACE TEMP MACRO ingest_source(path) AS TABLE
SELECT ordinality AS row_number, id, user_id, amount, vendor_id, event_timestamp
FROM read_csv(
    path,
    header = true,
    auto_detect = false,
    delim = ',',
    quote = '"',
    escape = '"',
    columns = {
        'id': 'VARCHAR',
        'user_id': 'VARCHAR',
        'amount': 'VARCHAR',
        'vendor_id': 'VARCHAR',
        'event_timestamp': 'VARCHAR'
    }) WITH ORDINALITY
