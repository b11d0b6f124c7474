-- wrk script: every request creates a group with a new name (thread id + counter + run id).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  run = args[1] or tostring(os.time())
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/rest/v1/group/bench-" .. run .. "-" .. tid .. "-" .. counter)
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    -- nothing: per-thread status counts are printed by response()
  end
end

local non2xx = 0
function response(status, headers, body)
  if status ~= 201 then
    non2xx = non2xx + 1
    if non2xx <= 3 then print("unexpected status " .. status .. ": " .. body) end
  end
end
