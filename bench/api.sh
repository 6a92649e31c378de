#!/usr/bin/env bash
# HTTP throughput and latency of the packaged service with wrk, beside the raw database ceiling: the same SQL
# statements each read runs, with fixed parameters, through pgbench at the same concurrency.
#   GET /progress/me   (a student's 7 completions; every request also looks the account up)
#   GET /leaderboard?limit=100   (public; one index range over user_points)
#   POST /progress/submit   (a resubmission of a completed challenge: 200 with the first completion, but each
#                            one still records an attempt row, so this is a write)
#   POST /auth/login   (bcrypt-bound, BCRYPT_COST default 11: reported apart, it measures the CPU, not the code)
# each at 16 and 64 connections (wrk -t2 --latency), after a warm-up; then RSS after the load.
# Usage: bench/api.sh [--quick]   default: 1M progress rows, 15 s per run, logins 20 s (about 6 min);
#        --quick: 10k progress rows, 3 s per wrk run without warm-up, logins at 2 connections only, 2 s pgbench runs
#        (under a minute). Needs wrk (installed with apt-get if missing),
#        ./mvnw package -DskipTests and PostgreSQL on 127.0.0.1:5432. Without --quick also writes bench/results/api.md.
quick=false
[ "${1:-}" = --quick ] && quick=true
source "$(dirname "$0")/lib.sh" api
need_tools wrk
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/pgbench" ] || pgbin="$(dirname "$(command -v pgbench)")"
# Logins run longer, with a long timeout: at ~0.2 s of bcrypt each on 2 cores, 64 of them queue for seconds and
# a short run would end before the first answer. Quick: 2 connections only.
if $quick; then rows=10000 duration=3 warmup=0 login_duration=3 login_connections="2"
else rows=1000000 duration=15 warmup=10 login_duration=20 login_connections="16 64"; fi

migrate_db "$db"
echo "loading $rows progress rows..."
add_students "$db" $(( (rows + 6) / 7 ))
# Tokens outlive the whole run (default 15 min).
ACCESS_TOKEN_LIFESPAN=PT2H start_app
rss_ready="$(rss_mib)"

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
email=bench-api@example.com password=bench-password-1
curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"name\":\"Bench\",\"password\":\"$password\",\"role\":\"student\"}" \
  "$base/auth/register" >/dev/null
token="$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/auth/login" | json access_token)"
user_id="$(psql -XAtq -d "$db" -c "SELECT id FROM users WHERE email = '$email'")"
# Complete every built-in challenge with its sample solution, so /progress/me has 7 rows to read.
psql -XAtq -F $'\t' -d "$db" -c "SELECT unit_id, challenge_id, sample_solution FROM challenges ORDER BY 1, 2" |
  while IFS=$'\t' read -r unit challenge solution; do
    body="$(python3 -c 'import json,sys; print(json.dumps({"unit_id": int(sys.argv[1]), "challenge_id": int(sys.argv[2]), "query": sys.argv[3], "hints_used": 0}))' \
      "$unit" "$challenge" "$solution")"
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$base/progress/submit"
  done
echo "student $user_id: $(curl -fsS -H "Authorization: Bearer $token" "$base/progress/me" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["progress_items"]))') completions"

# wrk's request scripts: a header, or a method with a body.
cat >"$work/me.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $token"
EOF
cat >"$work/submit.lua" <<EOF
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"unit_id":1,"challenge_id":1,"query":"SELECT * FROM users","hints_used":0}'
EOF
cat >"$work/login.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"$email","password":"$password"}'
EOF
: >"$work/none.lua"

t=$'\t'
api=()   # endpoint, connections, req/s, p50, p99, errors
declare -A api_rate=() api_p99=()
# wrk_run NAME PATH SCRIPT CONNECTIONS SECONDS [TIMEOUT]: sets rate, p50, p99 (ms) and errors.
wrk_run() {
  local out="$work/wrk-$1-$4.txt"
  wrk -t2 -c"$4" -d"$5s" --timeout "${6:-10s}" --latency -s "$work/$3.lua" "$base$2" >"$out"
  rate="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  # wrk prints latencies as 850.00us, 1.23ms or 2.01s
  ms() { awk -v p="$1" '$1 == p { v = $2; f = 1; if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /m$/) f = 60000; else if (v ~ /s$/) f = 1000; sub(/[a-z]+$/, "", v); printf "%.1f", v * f }' "$out"; }
  p50="$(ms 50%)" p99="$(ms 99%)"
  errors="$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")"
}
for endpoint in "me|/progress/me|me" "leaderboard|/leaderboard?limit=100|none" "submit|/progress/submit|submit" "login|/auth/login|login"; do
  IFS='|' read -r name path script <<<"$endpoint"
  timeout=10s seconds="$duration" connection_counts="16 64"
  [ "$name" = login ] && timeout=60s seconds="$login_duration" connection_counts="$login_connections"
  if [ "$warmup" -gt 0 ]; then
    echo "warm-up $name..."
    wrk_run "$name" "$path" "$script" 16 "$warmup" "$timeout"
  fi
  for connections in $connection_counts; do
    echo "wrk $name, $connections connections, ${seconds}s..."
    wrk_run "$name" "$path" "$script" "$connections" "$seconds" "$timeout"
    api+=("$name$t$connections$t$rate$t$p50$t$p99$t$errors")
    api_rate[$name$connections]="$rate" api_p99[$name$connections]="$p99"
  done
done
rss_after="$(rss_mib)"
attempts="$(psql -XAtq -d "$db" -c "SELECT count(*) FROM attempts WHERE user_id = $user_id")"
stop_app   # its CPU is not the database's during the ceiling runs

# --- The ceiling: the same statements straight to PostgreSQL ------------------------------------------
# /progress/me: the account check of every authenticated request (ActiveAccountAugmentor -> ActiveAccountLookup.activeRole),
# then ProgressService.progressOf: the account, its completions and the catalogue size in one statement. Both run
# in autocommit, as here: no BEGIN/COMMIT in the service either. Values are pgbench variables, which -M prepared
# binds as parameters, as the JDBC driver binds the service's: PostgreSQL plans them alike (custom plans first).
cat >"$work/me.sql" <<EOF
\\set user_id $user_id
SELECT role FROM users WHERE id = :user_id AND deactivated_at IS NULL AND token_version = 0;
SELECT p.id, p.user_id, p.unit_id, p.challenge_id, p.custom_challenge_id, p.points_earned, p.hints_used,
       p.completed_at, p.query, coalesce(c.title, cc.title, 'Unknown Challenge'), (SELECT count(*) FROM challenges)
FROM users u
LEFT JOIN progress p ON p.user_id = u.id
LEFT JOIN challenges c ON c.unit_id = p.unit_id AND c.challenge_id = p.challenge_id
LEFT JOIN custom_challenges cc ON cc.id = p.custom_challenge_id
WHERE u.id = :user_id
ORDER BY p.unit_id NULLS LAST, p.challenge_id, p.custom_challenge_id;
EOF
# GET /leaderboard: ProgressService.leaderboard, first page of 100 (autocommit in the service too).
cat >"$work/leaderboard.sql" <<'EOF'
\set offset 0
\set limit 100
SELECT u.name, t.total_points, t.challenges_completed
FROM (SELECT user_id, total_points, challenges_completed FROM user_points
      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
      ORDER BY total_points DESC, user_id
      OFFSET :offset LIMIT :limit) t
JOIN users u ON u.id = t.user_id
ORDER BY t.total_points DESC, t.user_id;
EOF
raw=()
declare -A raw_rate=()
for name in me leaderboard; do
  for connections in 16 64; do
    seconds="$duration"
    $quick && seconds=2   # a smoke test: it only has to run
    echo "pgbench $name, $connections clients, ${seconds}s..."
    rm -f "$work"/pgbench_log.*
    # -M prepared, as the JDBC driver's server-side statements; -l for per-transaction latencies (µs, 3rd field).
    (cd "$work" && "$pgbin/pgbench" -n -M prepared -f "$work/$name.sql" -c "$connections" -j 2 -T "$seconds" -l "$db") >"$work/pgbench-$name-$connections.txt" 2>&1
    rate="$(awk -F' = ' '/^tps/ { printf "%.0f", $2 }' "$work/pgbench-$name-$connections.txt")"
    read -r p50 p99 < <(cat "$work"/pgbench_log.* | awk '{ print $3 }' | sort -n |
      awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int(NR * 0.50) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')
    raw+=("$name$t$connections$t$rate$t$p50$t$p99")
    raw_rate[$name$connections]="$rate"
  done
done

# --- Results --------------------------------------------------------------------------------------------
report() {
  echo "API ($(nproc) cores; wrk -t2, the service and PostgreSQL on the same machine; $rows progress rows; one student's token;"
  echo "${duration} s per run (logins ${login_duration} s) after a ${warmup} s warm-up; BCRYPT_COST 11)"
  echo
  echo "| endpoint | connections | req/s | p50 ms | p99 ms | errors | raw SQL tx/s | API/raw | p99 < 50 ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for row in "${api[@]}"; do
    IFS=$t read -r name connections rate p50 p99 errors <<<"$row"
    raw_tps="${raw_rate[$name$connections]:--}"
    label="$name"
    case "$name" in
      me) label="GET /progress/me" ;; leaderboard) label="GET /leaderboard?limit=100" ;;
      submit) label="POST /progress/submit (resubmission)" ;; login) label="POST /auth/login (bcrypt 11)" ;;
    esac
    meets="-"
    case "$name" in me|leaderboard|submit) meets="$(awk -v p="$p99" 'BEGIN { print (p < 50) ? "yes" : "no" }')" ;; esac
    printf '%s\n' "$label$t$connections$t$rate$t$p50$t$p99$t$errors$t$raw_tps$t$(ratio "$rate" "$raw_tps")$t$meets"
  done | md_rows
  echo
  echo "Raw SQL (pgbench -n -M prepared -j 2, the same statements with the same values bound as parameters; one transaction = one request's statements)"
  echo
  echo "| statements of | clients | tx/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${raw[@]}" | md_rows
  echo
  echo "RSS of the service: $rss_ready MiB when ready, $rss_after MiB after the load runs;" \
    "the student's attempts after the submit runs: $attempts (one per resubmission)."
}
echo
if $quick; then report; else mkdir -p bench/results && report | tee bench/results/api.md; fi
