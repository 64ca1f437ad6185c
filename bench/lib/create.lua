-- wrk script: POST /api/v1/applications, a valid draft create (bench/run).
--   wrk ... -s bench/lib/create.lua URL/api/v1/applications -- TOKEN PROGRAMME
-- TOKEN is an applicant's bearer token (POST /api/v1/session), PROGRAMME a
-- programme that takes applications all year round, so that a draft needs
-- no open call. Every request has its own title (thread and counter); the
-- fields a draft may leave out are left out.
local counter = 0
local programme = ""
local threads_made = 0

-- Runs in the main state once per thread: numbers them. thread:set makes
-- `thread_number` a global of that thread's own state.
function setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

function init(args)
  if #args < 2 then
    error("create.lua needs TOKEN PROGRAMME after --")
  end
  programme = args[2]
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"programme":"%s","title":"Benchmark draft %d-%d","amount_requested_cents":5000000}',
    programme, thread_number or 0, counter)
  return wrk.format(nil, nil, nil, body)
end
