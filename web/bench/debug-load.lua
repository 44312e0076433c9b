-- wrk script for the debug endpoint: random users 0..99999 against one model (FLOE_MODEL), a fixed
-- amount. FLOE_DELAY_MS (default 0) paces each connection; with 50 connections, 50 ms offers about
-- 1,000 requests/s (Debian's wrk has no rate option).
local model = os.getenv("FLOE_MODEL")
local delayMs = tonumber(os.getenv("FLOE_DELAY_MS") or "0")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/debug?model=" .. model .. "&user=" .. math.random(0, 99999) .. "&amount=120.00")
end
if delayMs > 0 then
  delay = function()
    return delayMs
  end
end
