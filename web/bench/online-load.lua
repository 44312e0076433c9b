-- wrk script for online features: FLOE_BATCH=1 (default) sends GET /features/online/{user} for a
-- random user of 0..99999; FLOE_BATCH=N>1 sends POST /features/online with N random user ids.
-- FLOE_DELAY_MS paces each connection, as in debug-load.lua.
local batch = tonumber(os.getenv("FLOE_BATCH") or "1")
local delayMs = tonumber(os.getenv("FLOE_DELAY_MS") or "0")
math.randomseed(7)
request = function()
  if batch <= 1 then
    return wrk.format("GET", "/features/online/" .. math.random(0, 99999))
  end
  local ids = {}
  for i = 1, batch do
    ids[i] = tostring(math.random(0, 99999))
  end
  return wrk.format("POST", "/features/online", {["Content-Type"] = "application/json"},
    '{"user_ids": [' .. table.concat(ids, ",") .. ']}')
end
if delayMs > 0 then
  delay = function()
    return delayMs
  end
end
