#!/usr/bin/env bash
# Soak test: one server for MINUTES minutes under hostile clients (idle, half-sent, slow-reading,
# connection floods), ordinary reads and writes, and its database connections killed every
# second; then the table is checked for lost or ghost writes and a report says what each kind of
# client got. Not part of `mvn verify`. Needs only a JDK 17+ and Maven (embedded PostgreSQL, or
# FRAISEQL_TEST_DATABASE_URL).
#
#   reliability/soak.sh [MINUTES] [BACKEND]      # defaults: 5 jdbc; BACKEND: jdbc, vertx or r2dbc
#
# The report is printed and kept in reliability/target/soak-report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-5}"
BACKEND="${2:-jdbc}"
case "$MINUTES" in ''|*[!0-9]*) echo "MINUTES must be a whole number, got '$MINUTES'" >&2; exit 2;; esac
case "$BACKEND" in jdbc|vertx|r2dbc) ;; *) echo "BACKEND must be jdbc, vertx or r2dbc, got '$BACKEND'" >&2; exit 2;; esac
status=0
mvn -B -q -pl reliability -am verify -Djacoco.skip=true -Dtest=Soak -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfraiseql.soak.minutes="$MINUTES" -Dfraiseql.soak.backend="$BACKEND" || status=$?
if [ -f reliability/target/soak-report.txt ]; then
  cat reliability/target/soak-report.txt
else
  echo "no report: see reliability/target/surefire-reports/" >&2
fi
exit "$status"
