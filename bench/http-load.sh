#!/usr/bin/env bash
# HTTP load: runs the FraiseQL server (server/target/fraiseql-server.jar) on each backend against
# the bench data set and drives Q1-Q4 (../shared/bench/queries) over loopback with wrk,
# 16 connections, printing requests/s and p50/p99 latency per backend and query.
# Bounded: per backend and query, WARMUP (3s) then DURATION (10s); about 3 minutes in all.
#
# Needs: wrk (apt-get install -y wrk), the server jar (mvn -B -q -pl server -am package -DskipTests)
# and the benchmarks jar (bench/run.sh builds it, or mvn -B -q -pl benchmarks -am package -DskipTests).
# Environment: BACKENDS ("jdbc vertx r2dbc"), SCALE (1), POOL (4), CONNECTIONS (16), THREADS (2),
# DURATION (10s), WARMUP (3s), PORT (18080), FRAISEQL_BENCH_DIR (../shared/bench).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BACKENDS=${BACKENDS:-jdbc vertx r2dbc}
SCALE=${SCALE:-1}
POOL=${POOL:-4}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
PORT=${PORT:-18080}
SERVER_JAR=$ROOT/server/target/fraiseql-server.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
OUT=$ROOT/benchmarks/target/http-load
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
[ -f "$SERVER_JAR" ] || { echo "$SERVER_JAR is missing: mvn -B -q -pl server -am package -DskipTests" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "$BENCH_JAR is missing: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
mkdir -p "$OUT"

DB_PID=
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$DB_PID" ] && kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
}
trap cleanup EXIT

# the data set, on an embedded PostgreSQL kept up by the benchmarks jar until we stop it
rm -f "$OUT/database-url"
java -jar "$BENCH_JAR" --serve-database --scale="$SCALE" --out="$OUT" >"$OUT/database.log" 2>&1 &
DB_PID=$!
for _ in $(seq 1 300); do
  [ -s "$OUT/database-url" ] && break
  kill -0 "$DB_PID" 2>/dev/null || { echo "loading the data set failed:" >&2; cat "$OUT/database.log" >&2; exit 1; }
  sleep 1
done
[ -s "$OUT/database-url" ] || { echo "the data set did not load within 300 s" >&2; exit 1; }
URL=$(cat "$OUT/database-url")
SCHEMA=$OUT/bench-full.graphql
QUERIES=${FRAISEQL_BENCH_DIR:-$ROOT/../shared/bench}/queries

printf '\n%-7s %-5s %12s %10s %10s %8s\n' backend query "requests/s" p50 p99 errors
for backend in $BACKENDS; do
  java -Xms1g -Xmx1g -jar "$SERVER_JAR" serve --schema "$SCHEMA" --database-url "$URL" --backend "$backend" \
    --host 127.0.0.1 --port "$PORT" --pool-size "$POOL" >"$OUT/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  ready=
  for _ in $(seq 1 120); do
    if curl -fsS "$BASE/ready" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    printf '%-7s %s\n' "$backend" "server did not become ready (see $OUT/server-$backend.log)"
    kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
    continue
  fi
  for q in q1 q2 q3 q4; do
    export QUERY_FILE=$QUERIES/$q.graphql
    # one request checked by hand: a GraphQL error would make the figures meaningless
    java -cp "$BENCH_JAR" io.fraiseql.bench.HttpBody "$QUERY_FILE" >"$OUT/$q.json"
    body=$(curl -sS -H 'Content-Type: application/json' --data-binary @"$OUT/$q.json" "$BASE/graphql")
    case "$body" in
      *'"errors"'*) printf '%-7s %-5s %s\n' "$backend" "$q" "answers errors: ${body:0:200}"; continue ;;
    esac
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s "$ROOT/bench/post.lua" "$BASE" >/dev/null
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$ROOT/bench/post.lua" "$BASE" >"$OUT/wrk-$backend-$q.txt"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$backend-$q.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$backend-$q.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$backend-$q.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$OUT/wrk-$backend-$q.txt")
    printf '%-7s %-5s %12s %10s %10s %8s\n' "$backend" "$q" "$rps" "$p50" "$p99" "${errors:-0}"
  done
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
done
echo "(wrk output in $OUT; $CONNECTIONS connections, $THREADS wrk threads, $DURATION after $WARMUP warm-up, pool $POOL, scale $SCALE, load $(cut -d' ' -f1-3 /proc/loadavg))"
