-- POST /buy with the seed's body; 64 users in turn, so purchases spread over the topic's partitions as real ones do.
-- The requests are built once: per request wrk only picks the next one.
local requests = {}
local next_request = 0

function init(args)
  for i = 0, 63 do
    requests[i] = wrk.format("POST", "/buy", { ["Content-Type"] = "application/json" },
      string.format('{"username":"Ada Lovelace","userid":"bench-user-%d","price":19.99}', i))
  end
end

function request()
  next_request = (next_request + 1) % 64
  return requests[next_request]
end

-- One machine-readable line for run.sh; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
