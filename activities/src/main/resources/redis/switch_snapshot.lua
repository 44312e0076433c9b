-- Switches readers to a fully written snapshot hash, unless a newer snapshot (higher Iceberg
-- sequence number) is already served. KEYS[1]: the pointer hash; ARGV[1]: snapshot id;
-- ARGV[2]: its sequence number. Returns {1, previous id or false} when switched (or already
-- served), {0, served id} when a newer snapshot is kept.
local served = redis.call('HGET', KEYS[1], 'snapshot_id')
local sequence = redis.call('HGET', KEYS[1], 'sequence_number')
if sequence and tonumber(sequence) > tonumber(ARGV[2]) then
  return {0, served}
end
redis.call('HSET', KEYS[1], 'snapshot_id', ARGV[1], 'sequence_number', ARGV[2])
return {1, served or false}
