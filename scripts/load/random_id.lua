-- wrk: GET /api/v1/problems/{id} (or PREFIX/{id}) with ids drawn at random
-- from 1..MAX_ID. Environment: LOAD_PREFIX, LOAD_MAX_ID, LOAD_COOKIE.
local prefix = os.getenv("LOAD_PREFIX") or "/api/v1/problems/"
local max_id = tonumber(os.getenv("LOAD_MAX_ID") or "1000")
local cookie = os.getenv("LOAD_COOKIE")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 1)
  if cookie and #cookie > 0 then
    wrk.headers["Cookie"] = cookie
  end
end

request = function()
  return wrk.format("GET", prefix .. math.random(1, max_id))
end
