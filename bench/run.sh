#!/usr/bin/env bash
# Reproduces the README's performance table in under 20 minutes on 2 cores (about 19 min on a quiet
# machine: JMH about 16 min, loading both copies of the data set, the heap search and the build the rest):
#   1. builds benchmarks/target/benchmarks.jar (the engine, its three backends, the baseline, JMH);
#   2. starts an embedded PostgreSQL 17 (or uses FRAISEQL_TEST_DATABASE_URL), loads
#      ../shared/bench/bench-schema.sql at SCALE (default 1: 10k users, 100k posts, 300k comments),
#      and a second copy with the table views tv_user and tv_post for engine-jdbc-tv;
#   3. runs every contender once per workload (skipping, visibly, what fails), then JMH with -prof gc
#      over Q1-Q5, Q1v, Q4v, A1-A2 and M1-M3 (it prints the expected duration of this part first),
#      then the Q5 heap search at 100,000 rows. Without --contenders it measures all but limit-tx,
#      and the aggregates (A1, A2) on engine-jdbc, limit and engine-jdbc-tv only (PostgreSQL bounds
#      them alike on every backend): that buys each benchmark 3 s of warm-up within the budget;
#   4. prints the Markdown table and writes it to benchmarks/target/bench-results/results.md.
#
# The table shows medians: of every measured iteration of every fork, per contender and workload,
# with the range of the fork medians; and the ratios that matter (engine / baseline, engine / limit,
# with variables / literal, table views / views, allocation engine / baseline) as ratios of medians
# with a 95% bootstrap interval (fixed seed), marked `wide` when an end is more than ±10% away.
# Two forks (separate JVMs) per benchmark are the minimum for that: how the JIT compiles varies
# from one JVM to the next. Each fork warms up for 3 s first: with 1 s, most forks were still
# compiling while measured (their iterations rising one after the other). For steadier figures on a subset,
# raise the forks and iterations, e.g.
#   JMH_OPTS="-wi 3 -w 1s -i 5 -r 1s -f 3 -t 4" bench/run.sh --workloads=Q1,Q1v,Q4,Q4v --heap-rows=0
#
# Environment: SCALE (1), POOL (4), JMH_OPTS ("-wi 3 -w 1s -i 3 -r 500ms -f 2 -t 4"), MVN_OPTS (e.g. -o).
# Extra arguments go to the launcher: --workloads=Q1,M1 --contenders=engine-jdbc,baseline
# --heap-rows=0 (skip the heap search) ... and JMH options (see java -jar benchmarks.jar --help).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
POOL=${POOL:-4}
JMH_OPTS=${JMH_OPTS:--wi 3 -w 1s -i 3 -r 500ms -f 2 -t 4}

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
# shellcheck disable=SC2086
mvn -B -q ${MVN_OPTS:-} -pl benchmarks -am package -DskipTests
# shellcheck disable=SC2086
exec java -jar benchmarks/target/benchmarks.jar --scale="$SCALE" --pool="$POOL" "$@" $JMH_OPTS
