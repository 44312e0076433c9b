-- A model's training rows: the user_features rows of one snapshot whose dt lies in the training
-- window [start, end], inclusive, both bound as parameters, with the one feature column {{feature}}
-- (a column of the snapshot's schema, checked by the caller). Unordered: callers that hand rows to
-- a person order them; the calibration does not need to.
SELECT user_id, dt, {{feature}}
FROM {{user_features}}
WHERE dt BETWEEN ? AND ?
