-- post.lua - wrk: POST /compare with the JSON body in the file $BODY.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/compare"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
