-- soak.lua - wrk script: a mix of valid requests, half GETs of every
-- cacheable kind, half POSTs of 1 to 1,000 models.
local gets = {
  "/compare",
  "/compare?sort=desc&precision=2",
  "/compare?models=medium_cnn,simple_linear&baseline=simple_linear",
  "/models",
  "/healthz",
}
local sizes = {1, 2, 7, 10, 50, 100, 300, 1000}
local bodies = {}
local headers = {["Content-Type"] = "application/json"}

init = function(args)
  for i, n in ipairs(sizes) do
    local parts = {}
    for j = 1, n do
      parts[j] = string.format('{"name":"m%d","parameters":"%d"}', j,
                               j * 1000 + i)
    end
    bodies[i] = '{"models":[' .. table.concat(parts, ",") .. '],' ..
                '"sort":"desc"}'
  end
end

request = function()
  if math.random() < 0.5 then
    return wrk.format("GET", gets[math.random(#gets)])
  end
  return wrk.format("POST", "/compare", headers, bodies[math.random(#bodies)])
end
