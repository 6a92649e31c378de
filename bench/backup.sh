#!/usr/bin/env bash
# Backup and restore of the packaged service side by side with what an operator would use instead, on the
# same generated data in the same run: students with 7 progress rows each (about 1M and 5M rows).
#   backup:  ours at gzip level 6 (default) and 1 (BACKUP_COMPRESSION_LEVEL) against pg_dump --data-only | gzip -6
#            and | gzip -1, and pg_dump -Fc; wall time, printed in-process time, size, peak RSS (GNU time).
#   memory:  our peak RSS on an empty database and at each size, and a level-6 backup under -Xmx64m at the
#            largest size (it only succeeds if rows stream through).
#   restore: ours (`restore FILE --yes` into a migrated database, and over a copy of the data)
#            against `gunzip -c FILE | psql` of the same file into a migrated database, pg_restore --data-only of
#            the -Fc dump into a migrated database, and pg_restore of the whole dump into an empty one; each
#            checked after (every progress row there, user_points agreeing with progress).
# Usage: bench/backup.sh [--quick] [ROWS...]   default ROWS: 1000000 5000000 (about 25 min on 2 cores);
#        --quick: 10000 rows, our backup at level 6 only, no -Xmx64m run (about a minute). Needs ./mvnw package -DskipTests and PostgreSQL on 127.0.0.1:5432.
# Without --quick the tables are also written to bench/results/backup.md.
quick=false
[ "${1:-}" = --quick ] && { quick=true; shift; }
source "$(dirname "$0")/lib.sh" backup
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || { $quick && sizes=(10000) || sizes=(1000000 5000000); }
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/pg_dump" ] || pgbin="$(dirname "$(command -v pg_dump)")"
target="${db}_target"   # each restore gets this name afresh, dropped after its check, so only one copy is on disk
extra_databases+=("$target")

t=$'\t'
backups=()    # tab-separated rows: rows, measurement, wall s, in-process s, MiB, peak RSS MiB, note
restores=()   # rows, measurement, wall s, in-process s, peak RSS MiB, note

# our_backup LOGNAME DB DIR [VAR=value...]: the jar's backup; sets size (bytes), printed (s) and file.
our_backup() {
  local log="$1" database="$2" dir="$3"
  shift 3
  rm -rf "$dir" && mkdir -p "$dir"
  run_timed "$log" env DATABASE_URL="$(url "$database")" BACKUP_DIR="$dir" "$@" java -jar "$jar" backup "$dir"
  file="$(ls "$dir"/backup_*.sql.gz 2>/dev/null | head -1 || true)"
  size="$( [ -n "$file" ] && stat -c %s "$file" || echo 0)"
  printed="$(awk '/^Duration:/ { v = $2; sub(/ms$/, "", v); printf "%.2f", v / 1000 }' "$work/$log.out")"
}

# Both restore checks at once: every progress row is there and user_points agrees with progress.
check_restore() {
  psql -XAtq -d "$1" -c "SELECT (SELECT count(*) FROM progress) || ' progress rows, user_points '
    || CASE WHEN (SELECT coalesce(sum(total_points), 0) FROM user_points) = (SELECT coalesce(sum(points_earned), 0) FROM progress)
             AND (SELECT count(*) FROM user_points) = (SELECT count(DISTINCT user_id) FROM progress) THEN 'consistent' ELSE 'WRONG' END"
}
fresh_target() { PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$target"; createdb "$target"; [ "${1:-}" = empty ] || migrate_db "$target"; }
add_restore() {   # rows, measurement, wall ms, printed s, rss, note; checks the target and drops it
  local verdict
  verdict="$(check_restore "$target" 2>&1 || true)"
  [[ "$verdict" == "$1 progress rows, user_points consistent" ]] || failures+=("$2 at $1 rows: $verdict")
  restores+=("$1$t$2$t$(secs "$3")$t$4$t$5$t$6; $verdict")
  dropdb "$target"
}

migrate_db "$db"

# The RSS baseline: a backup of a migrated, empty database.
our_backup empty "$db" "$work/empty"
backups+=("0${t}ours, level 6$t$(secs "$wall_ms")$t$printed$t-$t$rss${t}RSS baseline (empty database)")

students=0
for rows in "${sizes[@]}"; do
  want=$(( (rows + 6) / 7 ))
  echo "== $rows progress rows: adding $(( want - students )) students..."
  load_start="$(ms_now)"
  add_students "$db" $(( want - students ))
  students="$want"
  actual="$(psql -XAtq -d "$db" -c 'SELECT count(*) FROM progress')"
  echo "   loaded in $(secs $(( $(ms_now) - load_start ))) s: $actual progress rows, $students students," \
    "database $(psql -XAtq -d "$db" -c 'SELECT pg_size_pretty(pg_database_size(current_database()))')"

  # --- Backups: ours, then the alternatives, on the same data ------------------------------------
  declare -A wall=() inproc=()
  for level in 6 1; do
    $quick && [ "$level" = 1 ] && { wall[ours1]=""; inproc[ours1]=""; continue; }   # quick: the default level only
    echo "   backup (ours), level $level..."
    our_backup "backup$level" "$db" "$work/level$level" BACKUP_COMPRESSION_LEVEL="$level"
    wall[ours$level]="$(secs "$wall_ms")"; inproc[ours$level]="$printed"
    backups+=("$actual${t}ours, level $level$t${wall[ours$level]}$t$printed$t$(mib "$size")$t$rss$t")
  done
  ours6="$work/level6/$(basename "$(ls "$work"/level6/backup_*.sql.gz)")"
  for level in 6 1; do
    echo "   pg_dump --data-only | gzip -$level..."
    out="$work/pg_dump$level.sql.gz"
    timer=()
    $have_time && timer=(/usr/bin/time -v -o "$work/pg_dump$level.time")   # pg_dump's RSS; gzip's few MiB aside
    start="$(ms_now)"
    set +e
    ( set -o pipefail; "${timer[@]}" "$pgbin/pg_dump" --data-only --no-owner -d "$db" | gzip "-$level" >"$out" ) 2>"$work/pg_dump$level.err"
    rc=$?
    set -e
    wall_ms=$(( $(ms_now) - start ))
    [ "$rc" -eq 0 ] || failures+=("pg_dump | gzip -$level (exit $rc): $(head -3 "$work/pg_dump$level.err" | tr '\n' ' ')")
    rss="-"
    $have_time && rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/pg_dump$level.time")"
    wall[dump$level]="$(secs "$wall_ms")"
    backups+=("$actual${t}pg_dump --data-only | gzip -$level$t${wall[dump$level]}$t-$t$(mib "$(stat -c %s "$out")")$t$rss$t")
  done
  echo "   pg_dump -Fc..."
  run_timed pg_dump_fc "$pgbin/pg_dump" -Fc --no-owner -d "$db" -f "$work/dump.fc"
  backups+=("$actual${t}pg_dump -Fc (schema + data)$t$(secs "$wall_ms")$t-$t$(mib "$(stat -c %s "$work/dump.fc")")$t$rss$t")
  # The ratios the target is about: ours against pg_dump | gzip at the same level, same run.
  for level in 6 1; do
    backups+=("$actual${t}ratio ours/pg_dump|gzip -$level$t$(ratio "${wall[ours$level]}" "${wall[dump$level]}")$t$(ratio "${inproc[ours$level]}" "${wall[dump$level]}")$t-$t-${t}wall: JVM start included; in-process: without it")
  done

  if [ "$rows" = "${sizes[-1]}" ] && ! $quick; then
    echo "   backup (ours), level 6, -Xmx64m..."
    our_backup xmx64 "$db" "$work/xmx64" JAVA_TOOL_OPTIONS=-Xmx64m
    backups+=("$actual${t}ours, level 6, -Xmx64m$t$(secs "$wall_ms")$t$printed$t$(mib "$size")$t$rss$t$([ "$rc" -eq 0 ] && echo "succeeded: rows stream" || echo "FAILED exit $rc")")
  fi

  # --- Restores, each into $target, checked and dropped -------------------------------------------
  # ours_restore LOGNAME: the jar's restore of the level-6 file into $target; sets rc, wall_ms, printed, rss.
  ours_restore() {
    rm -rf "$work/safety" && mkdir -p "$work/safety"   # the safety backup it takes first goes apart
    run_timed "$1" env DATABASE_URL="$(url "$target")" BACKUP_DIR="$work/safety" java -jar "$jar" restore "$ours6" --yes
    printed="$(sed -n 's/.* rows in \([0-9]*\) ms$/\1/p' "$work/$1.out" | awk '{ printf "%.2f", $1 / 1000 }')"
  }
  echo "   restore (ours) into a migrated, empty database..."
  fresh_target
  ours_restore restore
  ours_restore_ms="$wall_ms" ours_restore_printed="$printed"
  add_restore "$actual" "ours: restore FILE --yes, migrated empty database" "$wall_ms" "$printed" "$rss" "straight into the live tables, indexes and keys built after"
  # A roll-back as operators run it: over the same amount of live data, which the safety backup saves first.
  echo "   restore (ours) over a copy of the same data..."
  createdb -T "$db" "$target"
  ours_restore restore_over
  add_restore "$actual" "ours: restore FILE --yes, over a copy of the data" "$wall_ms" "$printed" "$rss" "incl. the safety backup of the $actual rows there"

  echo "   gunzip -c FILE | psql into a migrated database..."
  fresh_target
  start="$(ms_now)"
  set +e
  ( set -o pipefail; gunzip -c "$ours6" | psql -Xq -v ON_ERROR_STOP=1 -d "$target" >/dev/null ) 2>"$work/psql.err"
  rc=$?
  set -e
  wall_ms=$(( $(ms_now) - start ))
  [ "$rc" -eq 0 ] || failures+=("gunzip | psql (exit $rc): $(head -3 "$work/psql.err" | tr '\n' ' ')")
  psql_ms="$wall_ms"
  add_restore "$actual" "gunzip -c FILE | psql (same file)" "$wall_ms" "-" "-" "its TRUNCATE, COPY; the trigger rebuilds user_points"

  # pg_restore --data-only into a migrated database: the migrations seeded units and challenges, which the dump
  # holds too, so every table is emptied first (as the file's TRUNCATE does) and Flyway's history is left out.
  # --disable-triggers, because pg_restore loads tables in name order, not foreign-key order (challenges before
  # units fails), and because user_points comes from the dump, so its trigger must not add progress to it again.
  echo "   pg_restore --data-only --disable-triggers into a migrated database..."
  fresh_target
  psql -Xq -d "$target" -c "TRUNCATE $(psql -XAtq -d "$target" -c "SELECT string_agg(quote_ident(tablename), ', ')
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")"
  "$pgbin/pg_restore" -l "$work/dump.fc" | grep -v 'TABLE DATA public flyway_schema_history ' >"$work/list"
  run_timed pg_restore "$pgbin/pg_restore" --data-only --disable-triggers --exit-on-error -L "$work/list" -d "$target" "$work/dump.fc"
  pg_restore_ms="$wall_ms"
  add_restore "$actual" "pg_restore --data-only --disable-triggers" "$wall_ms" "-" "$rss" "user_points from the dump; no FK checks"

  echo "   pg_restore of the whole dump into an empty database..."
  fresh_target empty
  run_timed pg_restore_full "$pgbin/pg_restore" --no-owner --exit-on-error -d "$target" "$work/dump.fc"
  add_restore "$actual" "pg_restore, whole dump, empty database" "$wall_ms" "-" "$rss" "indexes and triggers created after the data"

  restores+=("$actual${t}ratio ours/pg_restore --data-only$t$(ratio "$ours_restore_ms" "$pg_restore_ms")$t$(ratio "$(awk -v s="$ours_restore_printed" 'BEGIN { print s * 1000 }')" "$pg_restore_ms")$t-${t}target ≤ 1.2")
  restores+=("$actual${t}ratio ours/psql$t$(ratio "$ours_restore_ms" "$psql_ms")$t$(ratio "$(awk -v s="$ours_restore_printed" 'BEGIN { print s * 1000 }')" "$psql_ms")$t-$t")
  rm -f "$work"/pg_dump*.sql.gz "$work/dump.fc"
done

# --- Results (markdown, so they paste into bench/README.md) -----------------------------------------
report() {
  echo "Backup ($(nproc) cores; wall = whole command incl. JVM start; in-process = the Duration it prints; RSS = peak, GNU time)"
  echo
  echo "| progress rows | measurement | wall s | in-process s | MiB | peak RSS MiB | note |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${backups[@]}" | md_rows
  echo
  echo "Restore (each into a fresh database, then checked: every progress row there, user_points agrees with progress)"
  echo
  echo "| progress rows | measurement | wall s | in-process s | peak RSS MiB | note |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${restores[@]}" | md_rows
}
echo
if $quick; then report; else mkdir -p bench/results && report | tee bench/results/backup.md; fi
if [ "${#failures[@]}" -gt 0 ]; then
  echo
  echo "FAILURES:"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
