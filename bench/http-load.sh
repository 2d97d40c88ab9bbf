#!/usr/bin/env bash
# HTTP load: runs the FraiseQL server (server/target/fraiseql-server.jar) on each backend, and each
# peer GraphQL server, against the bench data set and drives six queries over loopback with wrk,
# 16 connections: Q1-Q4 (shared/bench/queries), q5 = Q1 with $id as a variable and q6 = Q4 with
# $limit and $where as variables (the JMH workloads Q1v/Q4v; not the JMH "Q5"). Every answer is
# checked first: no "errors", q5/q6 the same data as their literal forms, every FraiseQL server the
# same data as the first, a peer the same fields and numbers of rows (it says whether the same data
# too). Prints one table (requests/s, p50, p99 per server; the best FraiseQL server / the best peer)
# and writes it to benchmarks/target/http-load/results.md.
# Bounded: per server, a warm-up round of ROUND_WARMUP (5s) per query, then per query WARMUP (3s) and
# DURATION (10s); the expected duration is printed.
#
# Peers (PEERS, default "postgraphile spring"; "none" for none; one that cannot run here is skipped,
# saying why):
#   postgraphile  PostGraphile 4.14.1 with postgraphile-plugin-connection-filter and 2 cluster
#                 workers (PG_WORKERS), installed by npm into benchmarks/target/peers/postgraphile
#                 (needs node and npm); its queries are bench/peers/postgraphile/q1..q6.graphql.
#   spring        Spring for GraphQL on Spring Boot 4.0.7 (bench/peers/spring: schema, controllers
#                 over JdbcTemplate reading the tb_* tables, @BatchMapping for the relations), built
#                 by Maven on its own into bench/peers/spring/target (needs mvn); it answers
#                 FraiseQL's own documents.
# Both peers read the tables tb_user, tb_post and tb_comment; FraiseQL reads the views v_*.
#
# Table views (TV_BACKENDS, default "jdbc"; empty for none): tv_user and tv_post are built in the
# same database (with the triggers that keep them in sync) and each backend named there runs once
# more as fraiseql-BACKEND-tv, reading users and posts from them (the best FraiseQL figure of a
# query is the best of every FraiseQL server).
#
# Needs: wrk (apt-get install -y wrk), curl, the server and benchmarks jars
# (mvn -B -q -pl server,benchmarks -am package -DskipTests).
# Environment: BACKENDS ("jdbc vertx r2dbc"; empty runs no FraiseQL on the views), TV_BACKENDS,
# PEERS, SCALE (1), POOL (4), CONNECTIONS (16), THREADS (2), DURATION (10s), WARMUP (3s), ROUND_WARMUP (5s),
# PORT (18080), PG_WORKERS (2), FRAISEQL_BENCH_DIR (found beside the checkout: shared/bench).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BACKENDS=${BACKENDS-jdbc vertx r2dbc}
TV_BACKENDS=${TV_BACKENDS-jdbc}
PEERS=${PEERS-postgraphile spring}
SCALE=${SCALE:-1}
POOL=${POOL:-4}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
ROUND_WARMUP=${ROUND_WARMUP:-5s}
PORT=${PORT:-18080}
PG_WORKERS=${PG_WORKERS:-2}
SPRING_JAR=$ROOT/bench/peers/spring/target/peer-spring-graphql.jar
SERVER_JAR=$ROOT/server/target/fraiseql-server.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
OUT=$ROOT/benchmarks/target/http-load
PEER_DIR=$ROOT/benchmarks/target/peers
BASE=http://127.0.0.1:$PORT
ALL_QUERIES="q1 q2 q3 q4 q5 q6"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
[ -f "$SERVER_JAR" ] || { echo "$SERVER_JAR is missing: mvn -B -q -pl server,benchmarks -am package -DskipTests" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "$BENCH_JAR is missing: mvn -B -q -pl server,benchmarks -am package -DskipTests" >&2; exit 2; }
[ "$PEERS" = none ] && PEERS=
rm -rf "$OUT"
mkdir -p "$OUT"

label() {
  case $1 in
    q1) echo 'q1 user by id' ;;
    q2) echo 'q2 100 users' ;;
    q3) echo 'q3 20 posts + author + comments' ;;
    q4) echo 'q4 50 filtered users' ;;
    q5) echo 'q5 (q1 with $id)' ;;
    q6) echo 'q6 (q4 with $limit, $where)' ;;
  esac
}
seconds() { # wrk's duration notation (10s, 1m, 500ms) in whole seconds, rounded up
  case $1 in
    *ms) echo $(( (${1%ms} + 999) / 1000 )) ;;
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *h) echo $(( ${1%h} * 3600 )) ;;
    *) echo "$1" ;;
  esac
}
helper() { java -cp "$BENCH_JAR" io.fraiseql.bench.HttpLoad "$@"; }

# which peers can run here: a requested peer that cannot is skipped, saying why
RUN_PEERS=
for peer in $PEERS; do
  case $peer in
    postgraphile)
      if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "skipping peer postgraphile: node and npm are needed (apt-get install -y nodejs npm)"
        continue
      fi
      if [ ! -x "$PEER_DIR/postgraphile/node_modules/.bin/postgraphile" ] \
          || ! cmp -s "$ROOT/bench/peers/postgraphile/package.json" "$PEER_DIR/postgraphile/package.json"; then
        echo "installing the postgraphile peer into $PEER_DIR/postgraphile (npm)"
        mkdir -p "$PEER_DIR/postgraphile"
        cp "$ROOT/bench/peers/postgraphile/package.json" "$PEER_DIR/postgraphile/"
        if ! (cd "$PEER_DIR/postgraphile" && npm install --no-audit --no-fund --loglevel=error >"$OUT/npm-install.log" 2>&1); then
          echo "skipping peer postgraphile: npm install failed (see $OUT/npm-install.log)"
          continue
        fi
      fi
      RUN_PEERS="$RUN_PEERS postgraphile" ;;
    spring)
      if [ ! -f "$SPRING_JAR" ] || [ -n "$(find "$ROOT/bench/peers/spring/pom.xml" "$ROOT/bench/peers/spring/src" -newer "$SPRING_JAR" -print -quit)" ]; then
        if ! command -v mvn >/dev/null; then
          echo "skipping peer spring: mvn is needed to build $SPRING_JAR"
          continue
        fi
        echo "building the spring peer (mvn -f bench/peers/spring/pom.xml package)"
        if ! mvn -B -q -f "$ROOT/bench/peers/spring/pom.xml" package -DskipTests >"$OUT/spring-build.log" 2>&1; then
          echo "skipping peer spring: its build failed (see $OUT/spring-build.log)"
          continue
        fi
      fi
      RUN_PEERS="$RUN_PEERS spring" ;;
    *) echo "unknown peer '$peer' (known: postgraphile, spring)" >&2; exit 2 ;;
  esac
done

servers=0
for _ in $BACKENDS $TV_BACKENDS $RUN_PEERS; do servers=$((servers + 1)); done
[ "$servers" -gt 0 ] || { echo "nothing to run: BACKENDS and PEERS are both empty" >&2; exit 2; }
per_query=$(( $(seconds "$WARMUP") + $(seconds "$DURATION") ))
estimate=$(( 20 + servers * (10 + 6 * (2 + per_query + $(seconds "$ROUND_WARMUP"))) ))
echo "servers: ${BACKENDS:+FraiseQL on $BACKENDS}${TV_BACKENDS:+; on table views: $TV_BACKENDS}${RUN_PEERS:+; peers:$RUN_PEERS}; 6 queries each, $WARMUP warm-up + $DURATION;" \
  "expected duration about $((estimate / 60)) min $((estimate % 60)) s"

DB_PID=
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -- "-$SERVER_PID" 2>/dev/null || kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
cleanup() {
  stop_server
  [ -n "$DB_PID" ] && kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
}
trap cleanup EXIT

# the request bodies: FraiseQL's are the benchmarks' workloads Q1-Q4 (the shared queries), Q1v, Q4v
mkdir -p "$OUT/bodies"
for w in Q1:q1 Q2:q2 Q3:q3 Q4:q4 Q1v:q5 Q4v:q6; do helper body --workload "${w%:*}" >"$OUT/bodies/fraiseql-${w#*:}.json"; done
for peer in $RUN_PEERS; do
  for q in $ALL_QUERIES; do
    if [ ! -f "$ROOT/bench/peers/$peer/$q.graphql" ]; then # a peer with FraiseQL's schema
      cp "$OUT/bodies/fraiseql-$q.json" "$OUT/bodies/$peer-$q.json"
      continue
    fi
    vars=$ROOT/bench/peers/$peer/$q.variables.json
    helper body "$ROOT/bench/peers/$peer/$q.graphql" $([ -f "$vars" ] && echo "$vars") >"$OUT/bodies/$peer-$q.json"
  done
done

# the data set, on an embedded PostgreSQL kept up by the benchmarks jar until we stop it
java -jar "$BENCH_JAR" --serve-database ${TV_BACKENDS:+--table-views} --scale="$SCALE" --out="$OUT" >"$OUT/database.log" 2>&1 &
DB_PID=$!
for _ in $(seq 1 300); do
  [ -s "$OUT/database-url" ] && break
  kill -0 "$DB_PID" 2>/dev/null || { echo "loading the data set failed:" >&2; cat "$OUT/database.log" >&2; exit 1; }
  sleep 1
done
[ -s "$OUT/database-url" ] || { echo "the data set did not load within 300 s" >&2; exit 1; }
grep '^\[bench\]' "$OUT/database.log" || true
URL=$(cat "$OUT/database-url")
SCHEMA=$OUT/bench-full.graphql
STARTED=$(date +%s)

# starts one server in its own process group (a peer may fork workers) and waits for an answer
start() { # name kind(fraiseql|peer) command...
  local name=$1 kind=$2
  shift 2
  setsid "$@" >"$OUT/server-$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if [ "$kind" = fraiseql ]; then
      curl -fsS "$BASE/ready" >/dev/null 2>&1 && return 0
    else
      curl -fsS -H 'Content-Type: application/json' --data '{"query":"{ __typename }"}' "$BASE/graphql" >/dev/null 2>&1 && return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  return 1
}

RESULTS=$OUT/results.tsv
: >"$RESULTS"
REFERENCE= # the first FraiseQL server whose answers passed: what the peers' answers are compared with
measure() { # name kind
  local name=$1 kind=$2 body answer problem literal
  # a round over every query first: the JIT (slow for Reactor's chains) compiles the paths of all
  # of them, so the first query measured is not the one that pays for the warm-up
  for q in $ALL_QUERIES; do
    BODY_FILE=$OUT/bodies/$([ "$kind" = fraiseql ] && echo fraiseql || echo "$name")-$q.json \
      wrk -t "$THREADS" -c "$CONNECTIONS" -d "$ROUND_WARMUP" -s "$ROOT/bench/post.lua" "$BASE" >/dev/null
  done
  for q in $ALL_QUERIES; do
    body=$OUT/bodies/$([ "$kind" = fraiseql ] && echo fraiseql || echo "$name")-$q.json
    answer=$OUT/answer-$name-$q.json
    curl -sS -H 'Content-Type: application/json' --data-binary @"$body" "$BASE/graphql" >"$answer" || true
    # one answer checked first: a GraphQL error or a wrong answer would make the figures meaningless
    literal=
    case $q in q5) literal=q1 ;; q6) literal=q4 ;; esac
    local checks=()
    [ -n "$literal" ] && [ -f "$OUT/answer-$name-$literal.json" ] && checks+=(--same "$OUT/answer-$name-$literal.json")
    # every FraiseQL server gives the same data as the first; a peer the same fields and rows
    [ "$kind" = fraiseql ] && [ -n "$REFERENCE" ] && checks+=(--same "$OUT/answer-$REFERENCE-$q.json")
    [ "$kind" = peer ] && [ -n "$REFERENCE" ] && checks+=(--like "$OUT/answer-$REFERENCE-$q.json")
    if ! problem=$(helper check "$answer" "${checks[@]}"); then
      printf '%-18s %-32s %s\n' "$name" "$(label $q)" "wrong answer: $problem"
      printf '%s\t%s\t%s\t%s\t-\t-\t-\twrong answer: %s\n' "$name" "$kind" "$q" "$(label $q)" "$problem" >>"$RESULTS"
      rm -f "$answer"
      continue
    fi
    [ -n "$problem" ] && printf '%-18s %-32s answer: %s\n' "$name" "$(label $q)" "${problem//$OUT\//}"
    export BODY_FILE=$body
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s "$ROOT/bench/post.lua" "$BASE" >/dev/null
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$ROOT/bench/post.lua" "$BASE" >"$OUT/wrk-$name-$q.txt"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$name-$q.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$name-$q.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name-$q.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$OUT/wrk-$name-$q.txt")
    printf '%-18s %-32s %10s req/s  p50 %9s  p99 %9s  %s\n' "$name" "$(label $q)" "$rps" "$p50" "$p99" "${errors:-no errors}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$q" "$(label $q)" "$rps" "$p50" "$p99" "${errors:-0}" >>"$RESULTS"
  done
  if [ "$kind" = fraiseql ] && [ -z "$REFERENCE" ]; then
    local q complete=1
    for q in $ALL_QUERIES; do [ -f "$OUT/answer-$name-$q.json" ] || complete=; done
    [ -n "$complete" ] && REFERENCE=$name
  fi
  return 0
}

for server in $BACKENDS $(for b in $TV_BACKENDS; do echo "$b-tv"; done); do
  backend=${server%-tv}
  name=fraiseql-$server
  schema=$SCHEMA
  [ "$server" != "$backend" ] && schema=$OUT/bench-tv.graphql
  if start "$name" fraiseql java -Xms1g -Xmx1g -jar "$SERVER_JAR" serve --schema "$schema" --database-url "$URL" \
      --backend "$backend" --host 127.0.0.1 --port "$PORT" --pool-size "$POOL"; then
    measure "$name" fraiseql
  else
    echo "$name did not become ready (see $OUT/server-$name.log)"
  fi
  stop_server
done

[ -n "$RUN_PEERS" ] && [ -z "$REFERENCE" ] && echo "note: no FraiseQL backend answered every query; the peers' answers are checked for errors only"
for peer in $RUN_PEERS; do
  started=0
  case $peer in
    postgraphile)
      if start postgraphile peer env NODE_ENV=production "$PEER_DIR/postgraphile/node_modules/.bin/postgraphile" \
          --connection "$URL" --schema public --append-plugins postgraphile-plugin-connection-filter \
          --cluster-workers "$PG_WORKERS" --host 127.0.0.1 --port "$PORT" --disable-query-log; then
        started=1
      fi ;;
    spring)
      # the embedded database's URL (postgresql://user@host:port/db) for pgjdbc
      rest=${URL#postgresql://}
      if start spring peer env PEER_JDBC_URL="jdbc:postgresql://${rest#*@}?user=${rest%%@*}" PEER_PORT="$PORT" \
          java -Xms1g -Xmx1g -jar "$SPRING_JAR"; then
        started=1
      fi ;;
  esac
  if [ "$started" = 1 ]; then
    measure "$peer" peer
  else
    echo "$peer did not become ready (see $OUT/server-$peer.log)"
  fi
  stop_server
done

echo
helper report "$RESULTS" "$OUT/results.md"
{
  echo
  echo "wrk -t $THREADS -c $CONNECTIONS, $DURATION after $WARMUP warm-up; FraiseQL pool $POOL; PostGraphile workers $PG_WORKERS;" \
    "scale $SCALE; $(( $(date +%s) - STARTED )) s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$OUT/results.md"
echo "(written to $OUT/results.md; wrk output and answers beside it)"
