-- The feature definition versions being applied, as feature_definitions rows in name order.
SELECT * FROM applied_feature_definitions ORDER BY name, version
