# Sourced by the bench scripts: the packaged jar, PostgreSQL on 127.0.0.1:5432, a scratch database and
# work directory removed on exit, and the packaged application started with throw-away JWT keys.
# Usage: source bench/lib.sh NAME   (sets jar, db, work; the scripts add databases to extra_databases)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar="$PWD/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests"; exit 1; }
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
db="academy_bench_${1}_$$"
work="$(mktemp -d)"
extra_databases=()
pid=""
bench_cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for database in "$db" "${extra_databases[@]}"; do dropdb --if-exists "$database" || true; done
  rm -rf "$work"
}
trap bench_cleanup EXIT
createdb "$db"

url() { echo "postgresql://postgres@127.0.0.1:5432/$1"; }

# Starts the application on $db in the background (pid, port, base) and returns once readiness is UP.
start_app() {
  [ -f "$work/private.pem" ] || {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
    openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
  }
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  base="http://127.0.0.1:$port"
  DATABASE_URL="$(url "$db")" JWT_PRIVATE_KEY_FILE="$work/private.pem" JWT_PUBLIC_KEY_FILE="$work/public.pem" PORT="$port" \
    java ${JAVA_OPTS:-} -jar "$jar" >"$work/app.log" 2>&1 &
  pid=$!
  until curl -fsS "$base/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "the application exited"; cat "$work/app.log"; exit 1; }
    sleep 0.05
  done
}

stop_app() {
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

rss_mib() {
  echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
}
