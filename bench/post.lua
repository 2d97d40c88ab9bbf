-- wrk script: POSTs the GraphQL-over-HTTP body in $BODY_FILE ({"query": ..., "variables": ...},
-- made by io.fraiseql.bench.HttpLoad body) to $GRAPHQL_PATH (/graphql).
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = os.getenv("GRAPHQL_PATH") or "/graphql"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
