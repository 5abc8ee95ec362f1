-- What list.lua and post.lua share: 64 users in turn, each request built once (per request wrk only picks the
-- next one), and one machine-readable line for run.sh, latencies in microseconds.
return function(make_request)
  local requests = {}
  local next_request = 0

  function init(args)
    for i = 0, 63 do
      requests[i] = make_request(i)
    end
  end

  function request()
    next_request = (next_request + 1) % 64
    return requests[next_request]
  end

  function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.status, e.connect, e.read, e.write, e.timeout))
  end
end
