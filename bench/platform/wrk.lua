-- POSTs the requests in the file named by BENCH_BODY, one per line, each in turn: a line is a
-- bearer token (or nothing), a tab, and the JSON body. Counts the answers that carry GraphQL
-- errors and the requests sent (a booking line must be sent once only: the runner skips the
-- lines a run sent). Prints one JSON line of results at the end.
local requests = {}
for line in io.lines(os.getenv("BENCH_BODY")) do
  local tab = string.find(line, "\t", 1, true)
  local token = string.sub(line, 1, tab - 1)
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  requests[#requests + 1] = wrk.format("POST", nil, headers, string.sub(line, tab + 1))
end

local threads = {}
local index = 0
sent = 0
graphql_errors = 0

function setup(thread)
  threads[#threads + 1] = thread
end

function request()
  index = index % #requests + 1
  sent = sent + 1
  return requests[index]
end

function response(status, headers, body)
  if string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
end

done = function(summary, latency, requests)
  local total_sent, total_errors = 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_errors = total_errors + thread:get("graphql_errors")
  end
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"p50_us\":%d,\"p99_us\":%d," ..
    "\"max_us\":%d,\"connect_errors\":%d,\"read_errors\":%d,\"write_errors\":%d," ..
    "\"status_errors\":%d,\"timeouts\":%d,\"sent\":%d,\"graphql_errors\":%d}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, total_sent, total_errors))
end
