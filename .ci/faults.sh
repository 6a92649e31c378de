#!/usr/bin/env bash
# Faults the packaged application must survive (README "Reliability"), run by .ci/run after its smoke
# test with: the jar, a work directory holding jwt-private.pem/jwt-public.pem, and a unique run id.
#   1. three instances started at once on one fresh database: every migration applied once, the
#      nightly backup taken once per scheduled time, a restore on one instance seen by the others;
#   2. the backup directory full (a small tmpfs, where this machine lets CI mount one): 507 with a
#      clear problem, the failure counted, the other backups and their checksums untouched;
#   3. kill -9 of a backup while it writes: no file named like a backup, and the next backup works
#      and removes the stale temporary file.
set -euo pipefail
jar="$1"
work_dir="$2"
run_id="$3"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="academy_faults_${run_id}"
url="postgresql://postgres@${PGHOST}:${PGPORT}/${db}"
backup_dir="$work_dir/cluster-backups"
mkdir -p "$backup_dir"
pids=()
mounted=""
cleanup_faults() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$mounted" ] && umount "$backup_dir" 2>/dev/null || true
  dropdb --if-exists "$db" || true
}
trap cleanup_faults EXIT
createdb "$db"
# compgen rather than ls | grep -q, whose early exit can fail the pipeline under pipefail.
has_partial() { compgen -G "$1/.*.partial" >/dev/null; }
fail() { echo "FAIL: $*"; for log in "$work_dir"/instance-*.log; do echo "--- $log"; tail -n 20 "$log"; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

if mount -t tmpfs -o size=4m tmpfs "$backup_dir" 2>/dev/null; then mounted=yes; fi

# 1. Three instances at once. The nightly job fires every 10 s here, on every instance.
ports=()
management_ports=() # health and metrics, on each instance's management interface
for i in 1 2 3; do
  port="$(free_port)"
  ports+=("$port")
  management_ports+=("$(free_port)")
  DATABASE_URL="$url" JWT_PRIVATE_KEY_FILE="$work_dir/jwt-private.pem" JWT_PUBLIC_KEY_FILE="$work_dir/jwt-public.pem" \
    PORT="$port" MANAGEMENT_PORT="${management_ports[-1]}" BACKUP_DIR="$backup_dir" BACKUP_CRON="*/10 * * * * ?" SHUTDOWN_DELAY=0S \
    ADMIN_EMAIL="faults-admin@example.com" ADMIN_PASSWORD="faults-admin-password" \
    java -jar "$jar" >"$work_dir/instance-$i.log" 2>&1 &
  pids+=($!)
done
for port in "${management_ports[@]}"; do
  for _ in $(seq 1 360); do
    curl -fsS "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"' && continue 2
    sleep 0.25
  done
  fail "an instance with management port $port did not become ready"
done
[ "$(psql -tA -d "$db" -c "SELECT count(*) || '/' || count(DISTINCT version) FROM flyway_schema_history WHERE success AND version IS NOT NULL")" \
  = "$(psql -tA -d "$db" -c "SELECT count(DISTINCT version) || '/' || count(DISTINCT version) FROM flyway_schema_history WHERE success AND version IS NOT NULL")" ] \
  || fail "a migration was applied more than once"
echo "ok: three instances started at once on one database; every migration applied once"

for _ in $(seq 1 120); do
  [ "$(psql -tA -d "$db" -c "SELECT count(*) FROM job_runs WHERE job = 'nightly-backup' AND outcome = 'succeeded'")" -ge 2 ] && break
  sleep 0.5
done
runs="$(psql -tA -d "$db" -c "SELECT count(*) || ' ' || count(DISTINCT scheduled_for) || ' ' || count(*) FILTER (WHERE outcome = 'succeeded')
  FROM job_runs WHERE job = 'nightly-backup'")"
read -r claimed slots succeeded <<<"$runs"
files="$(ls "$backup_dir" | grep -c '^backup_.*\.sql\.gz$' || true)"
[ "$succeeded" -ge 2 ] && [ "$claimed" = "$slots" ] && [ "$files" -ge "$succeeded" ] && [ "$files" -le "$((succeeded + 1))" ] \
  || fail "nightly backups: $claimed claims for $slots scheduled times, $succeeded succeeded, $files files"
echo "ok: the nightly job ran once per scheduled time across three instances ($slots times, $files backup files)"

login() { # port email password -> access token
  curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$2\",\"password\":\"$3\"}" "http://127.0.0.1:$1/auth/login" | json '["access_token"]'
}
register() { # port email
  curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$2\",\"name\":\"Faults\",\"password\":\"student-password\",\"role\":\"student\"}" "http://127.0.0.1:$1/auth/register"
}
# The other instances answer 503 until they see the restore's lock gone (each looks once a second): a client
# follows Retry-After, so this one waits out that 503 too.
status_of_login() { # port email
  local code
  for _ in $(seq 1 20); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"email\":\"$2\",\"password\":\"student-password\"}" "http://127.0.0.1:$1/auth/login")"
    [ "$code" != 503 ] && break
    sleep 0.25
  done
  echo "$code"
}
# A backup or restore running elsewhere (the nightly job) answers 409; the operator tries again.
admin_call() { # port method path -> body, status in $work_dir/status
  local code
  for _ in $(seq 1 40); do
    code="$(curl -s -o "$work_dir/answer.json" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $admin_token" "http://127.0.0.1:$1$3")"
    [ "$code" != 409 ] && break
    sleep 0.5
  done
  echo "$code" >"$work_dir/status"
  cat "$work_dir/answer.json"
}
admin_token="$(login "${ports[0]}" faults-admin@example.com faults-admin-password)"
register "${ports[1]}" before-backup@example.com
name="$(admin_call "${ports[0]}" POST /admin/backups | json '["name"]')"
register "${ports[2]}" after-backup@example.com
admin_call "${ports[2]}" POST "/admin/backups/$name/restore?confirm=replace-all-data" >/dev/null
[ "$(cat "$work_dir/status")" = 200 ] || fail "restore on the third instance answered $(cat "$work_dir/status")"
[ "$(status_of_login "${ports[0]}" before-backup@example.com)" = 200 ] \
  && [ "$(status_of_login "${ports[1]}" after-backup@example.com)" = 401 ] \
  || fail "a restore on one instance is not what the others see"
echo "ok: a restore on one instance is what the other instances serve"

# 2. The backup directory full.
if [ -n "$mounted" ]; then
  admin_token="$(login "${ports[0]}" faults-admin@example.com faults-admin-password)"
  failures() { curl -fsS "http://127.0.0.1:${management_ports[0]}/q/metrics" >"$work_dir/metrics-faults.txt"; awk '/^academy_backup_failures_total/ {s += $2} END {print s + 0}' "$work_dir/metrics-faults.txt"; }
  dd if=/dev/zero of="$backup_dir/filler" bs=4k 2>/dev/null || true
  before_listing="$(ls "$backup_dir" | sort)"
  failures_before="$(failures)"
  admin_call "${ports[0]}" POST /admin/backups >"$work_dir/full.json"
  [ "$(cat "$work_dir/status")" = 507 ] && grep -q "No space left on device" "$work_dir/full.json" \
    || fail "a backup into a full directory answered $(cat "$work_dir/status"): $(cat "$work_dir/full.json")"
  python3 -c "import sys; sys.exit(0 if float(sys.argv[2]) >= float(sys.argv[1]) + 1 else 1)" "$failures_before" "$(failures)" \
    || fail "the failure was not counted"
  [ "$(ls "$backup_dir" | sort)" = "$before_listing" ] || fail "a failed backup changed the backup directory"
  for checksum in "$backup_dir"/backup_*.sha256; do
    (cd "$backup_dir" && sha256sum -c --quiet "$(basename "$checksum")") || fail "an older backup was damaged"
  done
  rm -f "$backup_dir/filler"
  echo "ok: with the backup directory full a backup answers 507 (No space left on device), is counted, and the other backups are intact"
else
  echo "note: this machine does not let CI mount a tmpfs; the full disk is covered by BackupResourceTest's simulated failure only"
fi

for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

# 3. kill -9 while a backup writes (300,000 attempts make it last long enough to be caught at it).
kill_dir="$work_dir/killed-backups"
mkdir -p "$kill_dir"
psql -q -d "$db" -c "INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct)
  SELECT (SELECT min(id) FROM users), 1 + g % 3, 1, 'SELECT ' || g, g % 2 = 0 FROM generate_series(1, 300000) g"
DATABASE_URL="$url" java -jar "$jar" backup "$kill_dir" >"$work_dir/killed-backup.log" 2>&1 &
backup_pid=$!
caught=""
for _ in $(seq 1 800); do
  if has_partial "$kill_dir"; then kill -9 "$backup_pid"; caught=yes; break; fi
  kill -0 "$backup_pid" 2>/dev/null || break
  sleep 0.01
done
wait "$backup_pid" 2>/dev/null || true
if [ -n "$caught" ]; then
  ! compgen -G "$kill_dir/backup_*" >/dev/null || fail "a backup killed with kill -9 left a file named like a backup"
  DATABASE_URL="$url" timeout 120 java -jar "$jar" backup "$kill_dir" >/dev/null
  ! has_partial "$kill_dir" || fail "the next backup left the killed one's temporary file"
  (cd "$kill_dir" && sha256sum -c --quiet backup_*.sha256) || fail "the backup after the killed one is not valid"
  echo "ok: a backup killed with kill -9 while writing left no backup file; the next backup works and removed its temporary file"
else
  echo "note: the backup finished before it could be killed; kill -9 during a backup not exercised on this run"
fi
