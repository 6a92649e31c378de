#!/usr/bin/env bash
# Time from `java -jar` to readiness UP, and RSS once ready, for the packaged application.
# Usage: bench/startup.sh [runs]   (default 5; needs ./mvnw package first and PostgreSQL on 127.0.0.1:5432)
# The first run migrates an empty database; the others start on the migrated schema.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests"; exit 1; }
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
db="academy_bench_startup_$$"
work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  dropdb --if-exists "$db" || true
  rm -rf "$work"
}
trap cleanup EXIT
createdb "$db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

times=()
for run in $(seq 1 "$runs"); do
  start="$(date +%s%N)"
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" JWT_PRIVATE_KEY_FILE="$work/private.pem" \
    JWT_PUBLIC_KEY_FILE="$work/public.pem" PORT="$port" java -jar "$jar" >"$work/run$run.log" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "run $run: the application exited"; cat "$work/run$run.log"; exit 1; }
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
  echo "run $run: ready in ${ms} ms, RSS $((rss / 1024)) MiB"
  times+=("$ms")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms over " NR " runs"}'
