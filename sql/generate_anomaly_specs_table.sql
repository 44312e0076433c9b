-- Holds the anomaly specs of one generate request, one row per spec in request order (n NULL when
-- the spec gives none). Multiplier and proportion are exact decimals, so k and the multiplied
-- amounts round half-up on the values the user wrote rather than on their binary approximations.
CREATE OR REPLACE TEMP TABLE anomaly_specs (
    spec_index INTEGER,
    user_id BIGINT,
    day_index INTEGER,
    multiplier DECIMAL(20, 8),
    proportion DECIMAL(18, 9),
    n INTEGER
)
