-- wrk script: POSTs the GraphQL document in $QUERY_FILE as {"query": "..."} to /graphql.
local f = assert(io.open(os.getenv("QUERY_FILE"), "r"))
local q = f:read("*a")
f:close()
q = q:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n"):gsub("\r", "")
wrk.method = "POST"
wrk.path = "/graphql"
wrk.body = '{"query":"' .. q .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
