-- Defines ingest_rows(path): each row of ingest_source with its fields trimmed (empty means
-- missing), every value parsed to its raw_events type, and `problem`: what is wrong with the row,
-- naming the field (fields checked in column order), or NULL when the row can be stored as it is.
-- Parsing alone is too lenient (TRY_CAST rounds '1.5' to a BIGINT, accepts '0x10', rounds
-- '12.345', and reads a timestamp without zone as UTC), so the text is checked too, and a parsed
-- value counts only when `problem` is NULL.
-- A timestamp is ISO-8601 with Z or an offset of at most 18 hours, optionally followed by a region
-- in brackets (2025-09-01T10:00:00-04:00[America/New_York]): the offset fixes the instant, and the
-- region must be a known zone that has that offset at that time.
-- Cost matters at 10M rows: a good row pays for one pattern match per field; the patterns that
-- tell what is wrong run only on rows that failed (CASE evaluates a branch only for its rows).
CREATE OR REPLACE TEMP MACRO ingest_rows(path) AS TABLE
SELECT
    row_number,
    id_value AS id,
    user_id_value AS user_id,
    amount_value AS amount,
    vendor_id_value AS vendor_id,
    instant AS event_timestamp,
    CASE
        WHEN id_text IS NULL THEN 'id is missing'
        WHEN id_value IS NULL OR NOT regexp_full_match(id_text, '[+-]?[0-9]+')
            THEN 'id ''' || id_text || ''' ' || CASE
                WHEN regexp_full_match(id_text, '[+-]?[0-9]+') THEN 'is out of range for a 64-bit integer'
                ELSE 'is not a whole number'
            END
        WHEN user_id_text IS NULL THEN 'user_id is missing'
        WHEN user_id_value IS NULL OR NOT regexp_full_match(user_id_text, '[+-]?[0-9]+')
            THEN 'user_id ''' || user_id_text || ''' ' || CASE
                WHEN regexp_full_match(user_id_text, '[+-]?[0-9]+') THEN 'is out of range for a 64-bit integer'
                ELSE 'is not a whole number'
            END
        WHEN amount_text IS NULL THEN 'amount is missing'
        WHEN NOT regexp_full_match(amount_text, '\+?[0-9]*(\.[0-9]{0,2}0*)?') OR amount_value IS NULL THEN
            CASE
                WHEN NOT regexp_full_match(amount_text, '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)')
                    THEN 'amount ''' || amount_text || ''' is not a decimal number'
                WHEN regexp_full_match(amount_text, '-.*[1-9].*')
                    THEN 'amount ''' || amount_text || ''' is negative'
                WHEN regexp_matches(amount_text, '\.[0-9]{2}[0-9]*[1-9]')
                    THEN 'amount ''' || amount_text || ''' has more than 2 decimal places'
                WHEN amount_value IS NULL
                    THEN 'amount ''' || amount_text || ''' is too large for decimal(15,2)'
            END
        WHEN vendor_id_text IS NULL THEN 'vendor_id is missing'
        WHEN vendor_id_value IS NULL OR NOT regexp_full_match(vendor_id_text, '[+-]?[0-9]+')
            THEN 'vendor_id ''' || vendor_id_text || ''' ' || CASE
                WHEN regexp_full_match(vendor_id_text, '[+-]?[0-9]+') THEN 'is out of range for a 64-bit integer'
                ELSE 'is not a whole number'
            END
        WHEN timestamp_text IS NULL THEN 'event_timestamp is missing'
        WHEN NOT regexp_full_match(
                timestamp_text,
                '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?(Z|[+-](0[0-9]|1[0-8])(:?[0-5][0-9])?)(\[[^\]]+\])?')
            THEN
            CASE
                WHEN NOT regexp_full_match(
                        timestamp_text,
                        '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?(\[[^\]]+\])?')
                    THEN 'event_timestamp ''' || timestamp_text
                        || ''' is not an ISO-8601 timestamp such as 2025-09-01T23:30:00+05:30'
                WHEN NOT regexp_matches(timestamp_text, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)(\[[^\]]+\])?$')
                    THEN 'event_timestamp ''' || timestamp_text
                        || ''' has no zone: add Z for UTC or an offset such as +05:30'
                ELSE 'event_timestamp ''' || timestamp_text || ''' has an unknown zone offset '''
                    || regexp_extract(timestamp_text, '([+-][0-9]{2}(:?[0-9]{2})?)(\[[^\]]+\])?$', 1) || ''''
            END
        WHEN instant IS NULL
            THEN 'event_timestamp ''' || timestamp_text || ''' is not a valid date and time'
        WHEN suffix(timestamp_text, ']') THEN
            CASE
                WHEN NOT list_contains(
                        (SELECT list(name) FROM pg_timezone_names()),
                        regexp_extract(timestamp_text, '\[([^\]]+)\]$', 1))
                    THEN 'event_timestamp ''' || timestamp_text || ''' names an unknown zone '''
                        || regexp_extract(timestamp_text, '\[([^\]]+)\]$', 1) || ''''
                WHEN timezone(regexp_extract(timestamp_text, '\[([^\]]+)\]$', 1), instant)
                        <> CAST(regexp_extract(timestamp_text, '^([0-9-]{10})[T ]([0-9:.]+)', 1) || ' '
                            || regexp_extract(timestamp_text, '^([0-9-]{10})[T ]([0-9:.]+)', 2) AS TIMESTAMP)
                    THEN 'event_timestamp ''' || timestamp_text || ''' has offset '
                        || regexp_extract(timestamp_text, '([+-][0-9]{2}(:?[0-9]{2})?|Z)\[', 1)
                        || ', which ' || regexp_extract(timestamp_text, '\[([^\]]+)\]$', 1)
                        || ' does not use at that time'
            END
    END AS problem
FROM (
    SELECT
        *,
        TRY_CAST(id_text AS BIGINT) AS id_value,
        TRY_CAST(user_id_text AS BIGINT) AS user_id_value,
        TRY_CAST(amount_text AS DECIMAL(15, 2)) AS amount_value,
        TRY_CAST(vendor_id_text AS BIGINT) AS vendor_id_value,
        TRY_CAST(
            CASE
                WHEN suffix(timestamp_text, ']') THEN regexp_replace(timestamp_text, '\[[^\]]*\]$', '')
                ELSE timestamp_text
            END AS TIMESTAMPTZ) AS instant
    FROM (
        SELECT
            row_number,
            nullif(trim(id), '') AS id_text,
            nullif(trim(user_id), '') AS user_id_text,
            nullif(trim(amount), '') AS amount_text,
            nullif(trim(vendor_id), '') AS vendor_id_text,
            nullif(trim(event_timestamp), '') AS timestamp_text
        FROM ingest_source(path)
    )
)
