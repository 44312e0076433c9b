-- Releases the publish lock only if the caller still holds it: a publisher whose lock expired
-- must not delete the lock another publisher has taken since. KEYS[1]: the lock; ARGV[1]: the
-- caller's token. Returns 1 when released, 0 when it was not the caller's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
