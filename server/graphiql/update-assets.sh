#!/usr/bin/env bash
# Vendors GraphiQL's browser bundle (UMD, works offline) and the React it needs into the server's
# resources, at pinned versions, checking each npm tarball against the integrity npm publishes.
# The server serves these files itself: no CDN at run time. Needs npm (only to refresh the assets;
# the build does not run this script).
#   server/graphiql/update-assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GRAPHIQL=4.1.2   # the last GraphiQL whose package ships a UMD bundle (5 is ES modules only)
REACT=18.3.1     # the last React with UMD builds (GraphiQL 4 takes 18 or 19)
declare -A INTEGRITY=(
  [graphiql-$GRAPHIQL]='sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg=='
  [react-$REACT]='sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ=='
  [react-dom-$REACT]='sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw=='
)
OUT=src/main/resources/fraiseql/graphiql/$GRAPHIQL
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for name in "${!INTEGRITY[@]}"; do
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$name.tgz" | base64 -w0)"
  if [[ "$actual" != "${INTEGRITY[$name]}" ]]; then
    echo "integrity mismatch for $name.tgz: $actual" >&2
    exit 1
  fi
  mkdir -p "$work/$name" && tar xzf "$work/$name.tgz" -C "$work/$name"
done
rm -rf src/main/resources/fraiseql/graphiql/*/ && mkdir -p "$OUT"
cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.js" "$work/graphiql-$GRAPHIQL/package/graphiql.min.css" "$OUT/"
cp "$work/graphiql-$GRAPHIQL/package/LICENSE" "$OUT/LICENSE.graphiql"
cp "$work/react-$REACT/package/umd/react.production.min.js" "$OUT/"
cp "$work/react-$REACT/package/LICENSE" "$OUT/LICENSE.react"
cp "$work/react-dom-$REACT/package/umd/react-dom.production.min.js" "$OUT/"
cp "$work/react-dom-$REACT/package/LICENSE" "$OUT/LICENSE.react-dom"
echo "GraphiQL $GRAPHIQL, React $REACT -> $OUT"
