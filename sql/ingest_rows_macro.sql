-- Defines ingest_rows(path): each row of ingest_source with its fields trimmed (empty means
-- missing), every value parsed to its raw_events type, and `problem`: what is wrong with the row,
-- naming the field (checked in column order), or NULL when the row can be stored as it is.
-- Parsing alone is too lenient (TRY_CAST rounds '1.5' to a BIGINT, accepts '0x10', rounds
-- '12.345', takes '+25:00' as an offset and reads a timestamp without zone as UTC), so the text is
-- checked first and a parsed value counts only when `problem` is NULL.
-- A timestamp is ISO-8601 with an offset or Z, optionally followed by a region in brackets
-- (2025-09-01T10:00:00-04:00[America/New_York]); the offset fixes the instant, and a region must
-- be a known zone that has that offset at that time.
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
        WHEN NOT regexp_full_match(id_text, '[+-]?[0-9]+') OR id_value IS NULL
            THEN 'id ''' || id_text || ''' is not a whole number'
        WHEN user_id_text IS NULL THEN 'user_id is missing'
        WHEN NOT regexp_full_match(user_id_text, '[+-]?[0-9]+') OR user_id_value IS NULL
            THEN 'user_id ''' || user_id_text || ''' is not a whole number'
        WHEN amount_text IS NULL THEN 'amount is missing'
        WHEN NOT regexp_full_match(amount_text, '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)')
            THEN 'amount ''' || amount_text || ''' is not a decimal number'
        WHEN regexp_full_match(amount_text, '-.*[1-9].*')
            THEN 'amount ''' || amount_text || ''' is negative'
        WHEN regexp_matches(amount_text, '\.[0-9]{2}[0-9]*[1-9]')
            THEN 'amount ''' || amount_text || ''' has more than 2 decimal places'
        WHEN amount_value IS NULL
            THEN 'amount ''' || amount_text || ''' is too large for decimal(15,2)'
        WHEN vendor_id_text IS NULL THEN 'vendor_id is missing'
        WHEN NOT regexp_full_match(vendor_id_text, '[+-]?[0-9]+') OR vendor_id_value IS NULL
            THEN 'vendor_id ''' || vendor_id_text || ''' is not a whole number'
        WHEN timestamp_text IS NULL THEN 'event_timestamp is missing'
        WHEN parts['local_date'] = ''
            THEN 'event_timestamp ''' || timestamp_text
                || ''' is not an ISO-8601 timestamp such as 2025-09-01T23:30:00+05:30'
        WHEN parts['offset'] = ''
            THEN 'event_timestamp ''' || timestamp_text
                || ''' has no zone: add Z for UTC or an offset such as +05:30'
        WHEN parts['offset'] <> 'Z'
            AND (CAST(substr(parts['offset'], 2, 2) AS INTEGER) > 18
                OR (length(parts['offset']) > 3 AND CAST(right(parts['offset'], 2) AS INTEGER) > 59))
            THEN 'event_timestamp ''' || timestamp_text || ''' has an unknown zone offset ''' || parts['offset'] || ''''
        WHEN parts['region'] <> '' AND known_zone IS NULL
            THEN 'event_timestamp ''' || timestamp_text || ''' names an unknown zone ''' || parts['region'] || ''''
        WHEN instant IS NULL
            THEN 'event_timestamp ''' || timestamp_text || ''' is not a valid date and time'
        WHEN parts['region'] <> ''
            AND timezone(parts['region'], instant)
                <> CAST(parts['local_date'] || ' ' || parts['local_time'] AS TIMESTAMP)
            THEN 'event_timestamp ''' || timestamp_text || ''' has offset ' || parts['offset']
                || ', which ' || parts['region'] || ' does not use at that time'
    END AS problem
FROM (
    SELECT
        *,
        TRY_CAST(id_text AS BIGINT) AS id_value,
        TRY_CAST(user_id_text AS BIGINT) AS user_id_value,
        TRY_CAST(amount_text AS DECIMAL(15, 2)) AS amount_value,
        TRY_CAST(vendor_id_text AS BIGINT) AS vendor_id_value,
        TRY_CAST(parts['local_date'] || ' ' || parts['local_time'] || parts['offset'] AS TIMESTAMPTZ) AS instant
    FROM (
        SELECT
            row_number,
            id_text,
            user_id_text,
            amount_text,
            vendor_id_text,
            timestamp_text,
            regexp_extract(
                timestamp_text,
                '^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?) ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?(\[([^\]]*)\])?$',
                ['local_date', 'local_time', 'seconds', 'fraction', 'offset', 'offset_minutes', 'bracket', 'region'])
                AS parts,
            zones.name AS known_zone
        FROM (
            SELECT
                row_number,
                nullif(trim(id), '') AS id_text,
                nullif(trim(user_id), '') AS user_id_text,
                nullif(trim(amount), '') AS amount_text,
                nullif(trim(vendor_id), '') AS vendor_id_text,
                nullif(trim(event_timestamp), '') AS timestamp_text
            FROM ingest_source(path)
        ) AS source
        LEFT JOIN pg_timezone_names() AS zones
            ON zones.name = regexp_extract(source.timestamp_text, '\[([^\]]*)\]$', 1)
    )
)
