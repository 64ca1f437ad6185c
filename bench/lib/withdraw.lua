-- wrk script: POST /api/v1/applications/{id}/transitions, the applicant's
-- `withdraw` of drafts it has just created (bench/run, "transitions").
--   wrk -t THREADS ... -s bench/lib/withdraw.lua URL -- TOKEN FIRST_ID LAST_ID THREADS
-- The ids FIRST_ID..LAST_ID are the drafts the create benchmark made (each
-- at version 1); thread k of THREADS takes FIRST_ID + k - 1, then every
-- THREADS-th id,
-- so that no draft is withdrawn twice. A thread that runs out of drafts
-- stops, and done() prints `exhausted N` (threads that ran out) so that
-- bench/run can say its rate is a lower bound.
local token = ""
local next_id, last_id, step = 0, 0, 1
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  if #args < 4 then
    error("withdraw.lua needs TOKEN FIRST_ID LAST_ID THREADS after --")
  end
  token = args[1]
  local first = tonumber(args[2])
  last_id = tonumber(args[3])
  step = tonumber(args[4])
  next_id = first + (thread_number or 1) - 1
  exhausted = 0
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if next_id > last_id then
    exhausted = 1
    wrk.thread:stop()
    next_id = last_id -- a last request may still be asked for: repeat one (it answers 409)
  end
  local path = string.format("/api/v1/applications/%d/transitions", next_id)
  next_id = next_id + step
  return wrk.format(nil, path, nil, '{"name":"withdraw","version":1}')
end

function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do
    n = n + (thread:get("exhausted") or 0)
  end
  io.write(string.format("exhausted %d\n", n))
end
