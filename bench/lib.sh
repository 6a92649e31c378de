# Sourced by the bench scripts: the packaged jar, PostgreSQL on 127.0.0.1:5432, a scratch database and
# work directory removed on exit, and the packaged application started with throw-away JWT keys.
# Usage: source bench/lib.sh NAME   (sets jar, db, work; the scripts add databases to extra_databases)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BENCH_APP: another build's quarkus-app directory (a "before"); BENCH_JAVA: the java to run the service with
# (JAVA_OPTS its options; for an AOT cache, relative to that directory, which the service starts from).
jar="${BENCH_APP:-$PWD/target/quarkus-app}/quarkus-run.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests"; exit 1; }
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
db="academy_bench_${1}_$$"
work="$(mktemp -d)"
extra_databases=()
pid=""
bench_cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  # Each database's sandbox for teachers' queries (README "Where teachers' SQL runs") goes with it.
  for database in "$db" "${extra_databases[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$database" || true
    PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "${database}_sandbox" || true
  done
  rm -rf "$work"
}
trap bench_cleanup EXIT
createdb "$db"

url() { echo "postgresql://postgres@127.0.0.1:5432/$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Throw-away JWT keys in $work, made once per script.
jwt_keys() {
  [ -f "$work/private.pem" ] && return
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
  openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
}

# await_ready NAME LOG: until $pid answers readiness UP on $management_port; its log's tail if it exits first.
await_ready() {
  until curl -fsS "http://127.0.0.1:$management_port/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "$1 exited"; tail -20 "$2"; exit 1; }
    sleep 0.02
  done
}

# The JVM options of README's JDK 25 launch line ("Running the packaged application"), so that what is measured is
# what operators run.
readme_launch_options() {
  local line options
  line="$(grep -m1 '^java -XX:AOTCache=app.aot ' README.md)" || { echo "README has no JDK 25 launch line" >&2; exit 1; }
  options="${line#java }"
  echo "${options% -jar quarkus-run.jar}"
}

# Benchmarks register their teachers through the API, as the original's open registration let them.
# Starts the application on $db in the background (pid, port, management_port, base) and returns once readiness is UP.
start_app() {
  jwt_keys
  port="$(free_port)"
  management_port="$(free_port)"
  base="http://127.0.0.1:$port"
  DATABASE_URL="$(url "$db")" JWT_PRIVATE_KEY_FILE="$work/private.pem" JWT_PUBLIC_KEY_FILE="$work/public.pem" PORT="$port" \
    REGISTRATION_TEACHER_ALLOWED=true \
    MANAGEMENT_PORT="$management_port" bash -c 'cd "$(dirname "$1")" && exec "${BENCH_JAVA:-java}" ${JAVA_OPTS:-} -jar quarkus-run.jar' _ "$jar" \
    >"$work/app.log" 2>&1 &
  pid=$!
  # Readiness is on the management interface, not on $base.
  await_ready "the application" "$work/app.log"
}

stop_app() {
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

rss_mib() {
  echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
}

# --- Helpers shared by backup.sh, api.sh and scale.sh -------------------------------------------

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
# ratio A B: A/B with two decimals, "-" when either is missing
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

# md_rows: tab-separated rows on stdin as markdown table rows ('|' in a cell escaped).
md_rows() { awk -F'\t' '{ line = "|"; for (i = 1; i <= NF; i++) { gsub(/\|/, "\\|", $i); line = line " " $i " |" } print line }'; }

migrate_db() { DATABASE_URL="$(url "$1")" java -jar "$jar" migrate up >/dev/null; }

# Installs the Debian packages of missing tools (wrk, hyperfine), or stops saying what to install.
need_tools() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "installing ${missing[*]} (apt-get)..."
  if ! { apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }; }; then
    echo "could not install ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root (or put them on PATH) and try again"
    exit 1
  fi
}

# add_students DB COUNT [activity]: appends COUNT students to the migrated DB, each with a completion of every
# built-in challenge (7 progress rows per student). Deterministic, so runs compare; with "activity" also the
# attempts (the correct one per completion, a wrong one before every fourth) and a hint row for every completion
# that used 3 hints, which the reports, the catalogue statistics and the export read.
# Points vary with the hints used (the service awards full points): without a spread the leaderboard is one tie.
add_students() {
  local database="$1" count="$2" activity="${3:-}"
  psql -XqA -v ON_ERROR_STOP=1 -d "$database" -v count="$count" -v activity="$([ -n "$activity" ] && echo on || echo off)" <<'SQL'
SELECT coalesce(max(id), 0) AS before, (SELECT count(*) FROM users WHERE role = 'student') AS students FROM users \gset
INSERT INTO users (email, name, role, password_hash, created_at)
SELECT 'student' || n || '@bench.example', 'Student ' || n, 'student',
       '$2a$11$' || left(encode(sha256(n::text::bytea), 'base64') || md5(n::text), 53),
       now() - interval '90 days' + n * interval '1 second'
FROM generate_series(:students + 1, :students + :count) AS n;
-- One statement, so the statement-level trigger folds all of it into user_points at once.
INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query, completed_at)
SELECT u.id, c.unit_id, c.challenge_id, c.points - 10 * h.hints, h.hints,
       CASE u.id % 3 WHEN 0 THEN c.sample_solution WHEN 1 THEN lower(c.sample_solution) ELSE c.sample_solution || ';' END,
       now() - ((u.id * 7919 + c.challenge_id * 104729 + c.unit_id * 13) % 5184000) * interval '1 second'   -- 60 days
FROM users u CROSS JOIN challenges c CROSS JOIN LATERAL (SELECT (u.id + c.unit_id + c.challenge_id) % 4 AS hints) h
WHERE u.id > :before;
\if :activity
INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct, attempted_at)
SELECT user_id, unit_id, challenge_id, 'SELECT name FROM users WHERE id = ' || id, false, completed_at - interval '5 minutes'
FROM progress WHERE user_id > :before AND id % 4 = 0
UNION ALL
SELECT user_id, unit_id, challenge_id, query, true, completed_at FROM progress WHERE user_id > :before;
INSERT INTO hints (user_id, unit_id, challenge_id, hint_level, accessed_at)
SELECT user_id, unit_id, challenge_id, 3, completed_at - interval '1 minute' FROM progress WHERE user_id > :before AND hints_used = 3;
\endif
SQL
  # Hint bits, statistics and a checkpoint now, so the first timed run does not pay for them.
  psql -Xq -d "$database" -c "VACUUM (ANALYZE)" -c "CHECKPOINT"
}

# GNU time gives the JVM's peak RSS; without it the RSS columns stay "-".
have_time=false
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null && have_time=true
failures=()   # run_timed adds the commands that failed; a script reports them

# run_timed LOGNAME CMD...: runs CMD (never aborting the script: a failure is a result to report) and sets rc,
# wall_ms and rss (peak RSS of CMD in MiB, "-" without GNU time).
run_timed() {
  local log="$work/$1" timer=() start
  shift
  $have_time && timer=(/usr/bin/time -v -o "$log.time")
  start="$(ms_now)"
  set +e
  "${timer[@]}" "$@" >"$log.out" 2>"$log.err" </dev/null
  rc=$?
  set -e
  wall_ms=$(( $(ms_now) - start ))
  rss="-"
  $have_time && rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")"
  [ "$rc" -eq 0 ] || failures+=("$log (exit $rc): $(grep -v '^Picked up' "$log.err" | grep -iE 'error|exception|fatal' | head -3 | tr '\n' ' ')")
  return 0
}
