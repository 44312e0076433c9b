-- Reads users' latest features from the snapshot readers are switched to, in one atomic step, so a
-- read never mixes two snapshots nor meets a key space that was just deleted.
-- KEYS[1]: the pointer hash; ARGV[1]: the prefix of snapshot hashes; ARGV[2..]: user ids.
-- Returns {} when nothing is published, else {snapshot_id, {value or false per user}}.
local id = redis.call('HGET', KEYS[1], 'snapshot_id')
if not id then
  return {}
end
return {id, redis.call('HMGET', ARGV[1] .. id, unpack(ARGV, 2))}
