-- floe bench's label rows, deterministic in the seed: user_id uniform over the generated users
-- [0, users); as_of_ts a uniform second in [window start - 2 days, window end + 1 day), so a few come
-- before any feature row is known (the first is known at window start + 1 day); label 0 or 1;
-- request_id numbers the rows in order. Parameters: seed, users, seed, start epoch second, seed,
-- span in seconds, rows.
SELECT
  CAST(hash(i, ?) % ? AS BIGINT) AS user_id,
  CAST(hash(i, ?, 'label') % 2 AS INTEGER) AS label,
  to_timestamp(? + CAST(hash(i, ?, 'as_of') % ? AS BIGINT)) AS as_of_ts,
  i AS request_id
FROM range(?) t(i)
