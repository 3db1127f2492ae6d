#!/usr/bin/env bash
# Starts the built server twice on a fresh DATA_DIR, as `npm start` does, and checks health, the web app,
# a demo login, and that the second start neither re-seeds nor loses anything.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${SMOKE_PORT:-3299}
base="http://127.0.0.1:$port"
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$dir"' EXIT

start() {
  PORT=$port DATA_DIR="$dir/data" node dist/apps/api/src/main.js >> "$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fsS -m 2 "$base/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$dir/server.log"; echo "smoke: server exited"; exit 1; }
    sleep 0.5
  done
  tail -n 30 "$dir/server.log"; echo "smoke: no health after 60 s"; exit 1
}

count_users() {
  curl -fsS -b "$dir/jar" "$base/api/users?pageSize=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))'
}

if out=$(PORT=not-a-port DATA_DIR="$dir/data" node dist/apps/api/src/main.js 2>&1); then
  echo "smoke: a bad PORT did not stop the server"; exit 1
fi
echo "$out" | grep -q 'PORT' || { echo "smoke: the configuration error does not name PORT: $out"; exit 1; }

start
curl -fsS "$base/" | grep -qi '<script' || { echo "smoke: no web app at /"; exit 1; }
curl -fsS "$base/api/docs/openapi.json" | grep -q '"/api/auth/login"' || { echo "smoke: no OpenAPI document"; exit 1; }
curl -fsS -c "$dir/jar" -H 'content-type: application/json' \
  -d '{"email":"admin@demo.academy","password":"academy-demo"}' "$base/api/auth/login" >/dev/null
first=$(count_users)
grep -q 'Demo accounts' "$dir/server.log" || { echo "smoke: start-up log does not point to the demo accounts"; exit 1; }
stop

start
curl -fsS -c "$dir/jar" -H 'content-type: application/json' \
  -d '{"email":"admin@demo.academy","password":"academy-demo"}' "$base/api/auth/login" >/dev/null
second=$(count_users)
[ "$first" = "$second" ] || { echo "smoke: users $first before restart, $second after"; exit 1; }
echo "smoke: ok ($first users kept across a restart; web app, OpenAPI and demo login work)"
