#!/usr/bin/env bash
# Reproduces the README's performance table in about 15 minutes on 2 cores:
#   1. builds benchmarks/target/benchmarks.jar (the engine, its three backends, the baseline, JMH);
#   2. starts an embedded PostgreSQL 17 (or uses FRAISEQL_TEST_DATABASE_URL), loads
#      ../shared/bench/bench-schema.sql at SCALE (default 1: 10k users, 100k posts, 300k comments),
#      and a second copy with the table views tv_user and tv_post for engine-jdbc-tv;
#   3. runs every contender once per workload (skipping, visibly, what fails), then JMH with -prof gc
#      over Q1-Q5, A1-A2 and M1-M3, then the Q5 heap search at 100,000 rows;
#   4. prints the Markdown table and writes it to benchmarks/target/bench-results/results.md.
#
# Environment: SCALE (1), POOL (4), JMH_OPTS ("-wi 5 -w 1s -i 3 -r 2s -f 1 -t 4"), MVN_OPTS (e.g. -o).
# Extra arguments go to the launcher: --workloads=Q1,M1 --contenders=engine-jdbc,baseline
# --heap-rows=0 (skip the heap search) ... and JMH options (see java -jar benchmarks.jar --help).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
POOL=${POOL:-4}
JMH_OPTS=${JMH_OPTS:--wi 5 -w 1s -i 3 -r 2s -f 1 -t 4}

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
# shellcheck disable=SC2086
mvn -B -q ${MVN_OPTS:-} -pl benchmarks -am package -DskipTests
# shellcheck disable=SC2086
exec java -jar benchmarks/target/benchmarks.jar --scale="$SCALE" --pool="$POOL" "$@" $JMH_OPTS
