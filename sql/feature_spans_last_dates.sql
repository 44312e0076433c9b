-- The earliest and latest last dt over the users in feature_spans: equal when every user's rows end
-- on the same day, as the featurizer writes them (it fills every user up to the snapshot's last day).
SELECT min(last_dt) AS earliest_last_dt, max(last_dt) AS latest_last_dt FROM feature_spans
