-- Extends the publish lock while the caller still holds it, so a long publish keeps it and a
-- publisher that lost it finds out. KEYS[1]: the lock; ARGV[1]: the caller's token; ARGV[2]: the
-- new time to live in milliseconds. Returns 1 when extended, 0 when the lock is not the caller's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
