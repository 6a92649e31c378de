#!/usr/bin/env bash
# Backup/restore cost of the packaged service on 1,000,000 attempts, against pg_dump | gzip as a baseline.
# Usage: bench/backup.sh   (needs ./mvnw package -DskipTests first and PostgreSQL on 127.0.0.1:5432)
# Reports, per gzip level, wall time of `backup` (JVM start included) and the Duration it prints (JVM start
# excluded), file size and peak RSS; then the restore both ways, with the attempts count checked after each.
source "$(dirname "$0")/lib.sh" backup
pg_dump=/usr/lib/postgresql/15/bin/pg_dump
[ -x "$pg_dump" ] || pg_dump=pg_dump
rows=1000000
users=1000
db_psql="${db}_psql"
extra_databases+=("$db_psql")

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
count_attempts() { psql -XAtq -d "$1" -c "SELECT count(*) FROM attempts"; }

# GNU time gives peak RSS of the JVM itself; without it the RSS column stays "-".
have_time=false
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null && have_time=true

results=()   # rows of the table, tab-separated (names hold '|'): name, wall s, printed ms, size, peak RSS, note
t=$'\t'
failures=()

# Runs the jar with the given env assignments and arguments; sets rc, wall_ms, rss_kb; never aborts the script,
# because a failing service command is a result to report, not a reason to skip the remaining measurements.
# usage: run_jar LOGNAME [VAR=value ...] -- ARGS...
run_jar() {
  local log="$work/$1" envs=() start
  shift
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  local timer=()
  $have_time && timer=(/usr/bin/time -v -o "$log.time")
  start="$(ms_now)"
  set +e
  env "${envs[@]}" "${timer[@]}" java -jar "$jar" "$@" >"$log.out" 2>"$log.err" </dev/null
  rc=$?
  set -e
  wall_ms=$(( $(ms_now) - start ))
  rss_kb="-"
  $have_time && rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")"
  if [ "$rc" -ne 0 ]; then
    failures+=("$log (exit $rc): $(grep -v '^Picked up' "$log.err" | grep -iE 'error|exception|failed' | head -5 | tr '\n' ' ')")
  fi
  return 0
}
rss_mib() { [ "$1" = "-" ] && echo "-" || awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

# --- Data ------------------------------------------------------------------------------------
echo "Preparing $db with $rows attempts by $users users..."
DATABASE_URL="$(url "$db")" java -jar "$jar" migrate up >/dev/null
load_start="$(ms_now)"
psql -XqA -v ON_ERROR_STOP=1 -d "$db" <<SQL
INSERT INTO users (email, name, role, password_hash)
SELECT 'student' || n || '@bench.example', 'Student ' || n, 'student',
       '\$argon2id\$v=19\$m=65536,t=3,p=4\$bench\$' || md5(n::text)
FROM generate_series(1, $users) AS n;

-- Several query shapes with the row number inside, so gzip sees the repetition a real log of answers has,
-- not one constant string (too compressible) nor random bytes (incompressible).
INSERT INTO attempts (user_id, unit_id, challenge_id, custom_challenge_id, query, is_correct, attempted_at)
SELECT (SELECT min(id) FROM users) + n % $users,
       (ARRAY[1, 1, 1, 2, 2, 3, 3])[1 + n % 7],
       (ARRAY[1, 2, 3, 1, 2, 1, 2])[1 + n % 7],
       NULL,
       CASE n % 4
         WHEN 0 THEN 'SELECT * FROM users WHERE id = ' || n
         WHEN 1 THEN 'SELECT name, email FROM users WHERE created_at > ''2025-01-01'' LIMIT ' || (n % 100)
         WHEN 2 THEN 'SELECT u.name, count(o.id) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.name HAVING count(*) > ' || (n % 50)
         ELSE 'select city, avg(age) from users where age > ' || (n % 90) || ' group by city order by 2 desc'
       END,
       n % 3 = 0,
       now() - n * interval '31 seconds'
FROM generate_series(1, $rows) AS n;

-- Hint bits and statistics now, so that the first timed backup does not pay for them and the levels compare fairly.
VACUUM (ANALYZE) users, attempts;
CHECKPOINT;
SQL
echo "Loaded in $(secs $(( $(ms_now) - load_start ))) s; database size $(psql -XAtq -d "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"

# --- The service's backup at each gzip level ---------------------------------------------------
for level in 1 3 6 9; do
  dir="$work/level$level"
  mkdir -p "$dir"
  echo "backup, gzip level $level..."
  run_jar "backup$level" DATABASE_URL="$(url "$db")" BACKUP_DIR="$dir" BACKUP_COMPRESSION_LEVEL="$level" -- backup "$dir"
  if [ "$rc" -eq 0 ]; then
    size="$(stat -c %s "$dir"/backup_*.sql.gz)"
    printed="$(awk '/^Duration:/ {print $2}' "$work/backup$level.out")"
    results+=("backup level $level$t$(secs "$wall_ms")$t$printed$t$(mib "$size") MiB$t$(rss_mib "$rss_kb")$t")
  else
    results+=("backup level $level$t$(secs "$wall_ms")$tFAILED$t-$t$(rss_mib "$rss_kb")${t}exit $rc")
  fi
done
level6="$(ls "$work"/level6/backup_*.sql.gz 2>/dev/null | head -1 || true)"

# A heap well below the ~120 MiB of SQL the backup writes: it succeeds only if rows stream through.
dir="$work/xmx64"
mkdir -p "$dir"
echo "backup, gzip level 6, -Xmx64m..."
run_jar backup_xmx64 DATABASE_URL="$(url "$db")" BACKUP_DIR="$dir" BACKUP_COMPRESSION_LEVEL=6 JAVA_TOOL_OPTIONS=-Xmx64m -- backup "$dir"
if [ "$rc" -eq 0 ]; then
  size="$(stat -c %s "$dir"/backup_*.sql.gz)"
  results+=("backup level 6 -Xmx64m$t$(secs "$wall_ms")$t$(awk '/^Duration:/ {print $2}' "$work/backup_xmx64.out")$t$(mib "$size") MiB$t$(rss_mib "$rss_kb")${t}succeeded")
else
  results+=("backup level 6 -Xmx64m$t$(secs "$wall_ms")$tFAILED$t-$t$(rss_mib "$rss_kb")${t}exit $rc")
fi

# --- pg_dump | gzip on the same data, as the baseline ------------------------------------------
for gz in "gzip" "gzip -1"; do
  out="$work/pg_dump_${gz// /}.sql.gz"
  echo "pg_dump | $gz..."
  start="$(ms_now)"
  "$pg_dump" --data-only --no-owner -d "$db" | $gz >"$out"
  results+=("pg_dump --data-only | $gz$t$(secs $(( $(ms_now) - start )))$t-$t$(mib "$(stat -c %s "$out")") MiB$t-$t")
done

# --- Restores -----------------------------------------------------------------------------------
if [ -n "$level6" ]; then
  echo "uncompressed size of the level-6 backup: $(mib "$(gunzip -c "$level6" | wc -c)") MiB"

  # The second database gets migrated before it holds anything: its backup is the RSS baseline that shows
  # the backup's memory does not grow with the data.
  createdb "$db_psql"
  DATABASE_URL="$(url "$db_psql")" java -jar "$jar" migrate up >/dev/null
  dir="$work/empty"
  mkdir -p "$dir"
  echo "backup of an empty database (RSS baseline)..."
  run_jar backup_empty DATABASE_URL="$(url "$db_psql")" BACKUP_DIR="$dir" -- backup "$dir"
  results+=("backup level 6, empty db$t$(secs "$wall_ms")$t$(awk '/^Duration:/ {print $2}' "$work/backup_empty.out")$t-$t$(rss_mib "$rss_kb")${t}RSS baseline")

  # The restore takes a safety backup into BACKUP_DIR first; its own directory keeps it apart from the level-6 file.
  mkdir -p "$work/safety"
  echo "restore (service) into $db..."
  run_jar restore DATABASE_URL="$(url "$db")" BACKUP_DIR="$work/safety" -- restore "$level6" --yes
  if [ "$rc" -eq 0 ]; then
    printed="$(sed -n 's/.* rows in \([0-9]*\) ms$/\1/p' "$work/restore.out")"
    results+=("restore (service, level 6)$t$(secs "$wall_ms")$t$printed$t-$t$(rss_mib "$rss_kb")${t}attempts=$(count_attempts "$db"); incl. safety backup")
  else
    results+=("restore (service, level 6)$t$(secs "$wall_ms")$tFAILED$t-$t$(rss_mib "$rss_kb")${t}exit $rc; attempts=$(count_attempts "$db")")
  fi

  echo "restore (gunzip | psql) into $db_psql..."
  start="$(ms_now)"
  set +e
  gunzip -c "$level6" | psql -Xq -v ON_ERROR_STOP=1 -d "$db_psql" >/dev/null 2>"$work/psql.err"
  psql_rc=$?
  set -e
  note="attempts=$(count_attempts "$db_psql")"
  [ "$psql_rc" -eq 0 ] || { note="exit $psql_rc; $note"; failures+=("gunzip | psql (exit $psql_rc): $(head -3 "$work/psql.err" | tr '\n' ' ')"); }
  results+=("restore (gunzip | psql)$t$(secs $(( $(ms_now) - start )))$t-$t-$t-$t$note")
fi

# --- Results ------------------------------------------------------------------------------------
echo
echo "Results: $rows attempts, $users users, $(nproc) CPUs ('printed' = the command's own Duration, JVM start excluded)"
{
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' measurement "wall s" "printed ms" size "peak RSS" note
  printf '%s\n' "${results[@]}"
} | column -t -s "$t"
for name in "$db" "$db_psql"; do
  n="$(count_attempts "$name" 2>/dev/null || echo '?')"
  [ "$n" = "$rows" ] || failures+=("$name has $n attempts after restore, expected $rows")
done
if [ "${#failures[@]}" -gt 0 ]; then
  echo
  echo "FAILURES:"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
