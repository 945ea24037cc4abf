-- The benchmark's wrk script (bench/run gives it its arguments after "--").
--
--   wrk ... -s bench/wrk.lua URL -- get
--   wrk ... -s bench/wrk.lua URL -- browser           a GET with the Accept-Encoding every browser sends
--   wrk ... -s bench/wrk.lua URL -- search FILE      one query string per line, taken in turn
--   wrk ... -s bench/wrk.lua URL -- post FILE THREADS one "Cookie<TAB>body" line per request, each once
--   wrk ... -s bench/wrk.lua URL -- commit            the same small form POST every time
--
-- Every mode ends by printing one line, "BENCH-JSON {...}", with the count, the duration and
-- the latency percentiles that bench/bench.py reads (wrk's own --latency has no 95th).
-- In "post" mode each thread takes every THREADS-th line, so no line is ever sent twice; a
-- thread that runs out stops, and the summary says so ("exhausted").

local mode = "get"
local lines = {}
local next_line = 0
local used = 0
local exhausted = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local function read_lines(path, every, offset)
  local mine, n = {}, 0
  for line in io.lines(path) do
    if line ~= "" then
      if n % every == offset then
        table.insert(mine, line)
      end
      n = n + 1
    end
  end
  return mine
end

function init(args)
  mode = args[1] or "get"
  if mode == "search" then
    lines = read_lines(args[2], 1, 0)
  elseif mode == "post" then
    lines = read_lines(args[2], tonumber(args[3]), thread_index)
  end
end

function request()
  if mode == "browser" then
    return wrk.format("GET", wrk.path, { ["Accept-Encoding"] = "gzip, deflate, br, zstd" })
  elseif mode == "search" then
    next_line = next_line % #lines + 1
    return wrk.format("GET", wrk.path .. lines[next_line])
  elseif mode == "post" then
    next_line = next_line + 1
    local line = lines[next_line]
    if line == nil then
      exhausted = 1
      wrk.thread:stop()
      line = lines[#lines]
    else
      used = used + 1
    end
    local cookie, body = line:match("^([^\t]*)\t(.*)$")
    local headers = {}
    headers["Cookie"] = cookie
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", wrk.path, headers, body)
  end
  if mode == "commit" then
    return wrk.format("POST", wrk.path, {["Content-Type"] = "application/x-www-form-urlencoded"}, "bench=1")
  end
  return wrk.format("GET", wrk.path)
end

function response(status, headers, body)
  if mode == "post" then
    thread_used = used
    thread_exhausted = exhausted
  end
end

function done(summary, latency, requests)
  local used_total, exhausted_total = 0, 0
  for _, thread in ipairs(threads) do
    used_total = used_total + (thread:get("thread_used") or 0)
    exhausted_total = exhausted_total + (thread:get("thread_exhausted") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}, "lines_used": %d, "threads_exhausted": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, used_total, exhausted_total))
end
