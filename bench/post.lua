-- post.lua - wrk: POST the JSON body in the file $BODY to $ROUTE
-- (/compare unless set).
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.path = os.getenv("ROUTE") or "/compare"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
