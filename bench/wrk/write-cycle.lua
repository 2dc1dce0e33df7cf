-- The write cycle for wrk: every connection runs create -> locate -> clear on names of its own.
-- wrk gives a Lua state to each thread, not to each connection, so the benchmark runs one
-- thread per connection (-t N -c N): the state below is one client's, and its requests are
-- strictly sequential (no pipelining), as a POS sends them. The cycle moves on when a reply
-- arrives (response), not when a request is built: wrk may build a request it never sends.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  phase = 0
  serial = 1
  -- Names are 1-9 digits: 10,000,000 per connection, connections numbered from 1.
  base = (id or 1) * 10000000
  name = tostring(base + serial)
end

function response(status, headers, body)
  phase = (phase + 1) % 3
  if phase == 0 then
    serial = serial % 9999999 + 1
    name = tostring(base + serial)
  end
end

function request()
  if phase == 0 then
    return wrk.format("POST", "/api/v2/activeorders", nil, '{"name":"' .. name .. '","orderType":"TO_GO"}')
  elseif phase == 1 then
    return wrk.format("POST", "/api/v2/activeorders", nil, '{"name":"' .. name .. '","locationName":"12"}')
  end
  return wrk.format("DELETE", "/api/v2/activeorders/" .. name)
end
