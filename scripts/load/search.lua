-- wrk: GET /api/v1/problems?q=TERM cycling through realistic search terms.
-- Environment: LOAD_PATH (default /api/v1/problems), LOAD_COOKIE.
local path = os.getenv("LOAD_PATH") or "/api/v1/problems"
local cookie = os.getenv("LOAD_COOKIE")
-- 黑臭水体, 污水处理厂, 扬尘, 危险废物, 自然保护区, 衡阳县, 渗滤液, 砖瓦窑
local terms = {
  "%E9%BB%91%E8%87%AD%E6%B0%B4%E4%BD%93",
  "%E6%B1%A1%E6%B0%B4%E5%A4%84%E7%90%86%E5%8E%82",
  "%E6%89%AC%E5%B0%98",
  "%E5%8D%B1%E9%99%A9%E5%BA%9F%E7%89%A9",
  "%E8%87%AA%E7%84%B6%E4%BF%9D%E6%8A%A4%E5%8C%BA",
  "%E8%A1%A1%E9%98%B3%E5%8E%BF",
  "%E6%B8%97%E6%BB%A4%E6%B6%B2",
  "%E7%A0%96%E7%93%A6%E7%AA%91",
}
local i = 0

function setup(thread)
  thread:set("offset", math.random(0, #terms - 1))
end

function init(args)
  i = offset or 0
  if cookie and #cookie > 0 then
    wrk.headers["Cookie"] = cookie
  end
end

request = function()
  i = i + 1
  return wrk.format("GET", path .. "?q=" .. terms[(i % #terms) + 1])
end
