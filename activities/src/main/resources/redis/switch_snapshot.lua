-- Switches readers to a fully written snapshot hash, unless a newer snapshot (higher Iceberg
-- sequence number) is already served, and only while the caller still holds the publish lock:
-- a publisher whose lock expired (a long pause, a lost connection) must not switch readers, since
-- another publisher may hold the lock now and have cleaned or be rewriting that hash (fencing).
-- KEYS[1]: the pointer hash; KEYS[2]: the publish lock; ARGV[1]: snapshot id; ARGV[2]: its
-- sequence number; ARGV[3]: the caller's lock token. Returns {1, previous id or false} when
-- switched (or already served), {0, served id} when a newer snapshot is kept, {-1, served id or
-- false} when the caller no longer holds the lock (nothing changed).
local served = redis.call('HGET', KEYS[1], 'snapshot_id')
if redis.call('GET', KEYS[2]) ~= ARGV[3] then
  return {-1, served or false}
end
local sequence = redis.call('HGET', KEYS[1], 'sequence_number')
if sequence and tonumber(sequence) > tonumber(ARGV[2]) then
  return {0, served}
end
redis.call('HSET', KEYS[1], 'snapshot_id', ARGV[1], 'sequence_number', ARGV[2])
return {1, served or false}
