#!/usr/bin/env bash
# Backups to object storage against backups to the directory, and encrypted against clear, on the same generated
# data in the same run (issue 20): the packaged jar's `backup` into the directory only, into a real S3 server only
# (S3Proxy on a filesystem backend, the jar the build copies for the tests, on this machine), into both, each clear
# and encrypted (OpenPGP, a key made by gpg); then a restore of the encrypted backup from the bucket alone. Each
# measurement twice, alternating, and the two printed: wall time (JVM start included), in-process time (what the
# command prints), stored size, peak RSS (GNU time). S3Proxy shares the machine's cores with the backup.
# Usage: bench/offsite.sh [ROWS]   default 1000000 progress rows (about 10 minutes on 2 cores). Needs
#        ./mvnw package -DskipTests (which also copies target/s3proxy/s3proxy.jar), gpg and PostgreSQL on 127.0.0.1:5432.
# The table is also written to bench/results/offsite.md.
source "$(dirname "$0")/lib.sh" offsite
rows="${1:-1000000}"
s3proxy_jar="$PWD/target/s3proxy/s3proxy.jar"
[ -f "$s3proxy_jar" ] || { echo "build first: ./mvnw package -DskipTests (it copies $s3proxy_jar)"; exit 1; }
need_tools gpg
t=$'\t'
results=()   # destination, encryption, round, wall s, in-process s, MiB, peak RSS MiB

s3_port="$(free_port)"
mkdir -p "$work/s3/academy-bench" "$work/gnupg"
chmod 700 "$work/gnupg"
cat >"$work/s3proxy.properties" <<S3
s3proxy.endpoint=http://127.0.0.1:${s3_port}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access-key
s3proxy.credential=bench-secret-key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
jclouds.identity=bench-access-key
jclouds.credential=bench-secret-key
S3
java -Xmx512m -jar "$s3proxy_jar" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
s3proxy_pid=$!
trap 'kill "$s3proxy_pid" 2>/dev/null || true; bench_cleanup' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:${s3_port}/" && break; sleep 0.5; done
export GNUPGHOME="$work/gnupg"
gpg --batch --quiet --passphrase '' --quick-gen-key 'academy bench <bench@example.com>' future-default default never 2>/dev/null
gpg --armor --export bench@example.com >"$work/public.asc"
gpg --armor --export-secret-keys bench@example.com >"$work/private.asc"

migrate_db "$db"
echo "== $rows progress rows: adding $(( (rows + 6) / 7 )) students..."
add_students "$db" $(( (rows + 6) / 7 ))
actual="$(psql -XAtq -d "$db" -c 'SELECT count(*) FROM progress')"

s3_env=(BACKUP_S3_BUCKET=academy-bench "BACKUP_S3_ENDPOINT=http://127.0.0.1:${s3_port}" BACKUP_S3_PATH_STYLE=true
  BACKUP_S3_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-key)

# one_backup DESTINATION ENCRYPTION ROUND: a backup into a fresh directory and/or a fresh prefix of the bucket.
one_backup() {
  local destination="$1" encryption="$2" round="$3" vars=(DATABASE_URL="$(url "$db")") prefix="r$round-$destination-$encryption/"
  local dir="$work/dir-$round-$destination-$encryption"
  rm -rf "$dir"
  case "$destination" in
    directory) vars+=(BACKUP_DIR="$dir") ;;
    s3) vars+=(BACKUP_DIR=off "${s3_env[@]}" BACKUP_S3_PREFIX="$prefix") ;;
    both) vars+=(BACKUP_DIR="$dir" "${s3_env[@]}" BACKUP_S3_PREFIX="$prefix") ;;
  esac
  [ "$encryption" = encrypted ] && vars+=(BACKUP_ENCRYPTION_PUBLIC_KEY_FILE="$work/public.asc")
  echo "   backup: $destination, $encryption (round $round)..."
  run_timed "backup-$round-$destination-$encryption" env "${vars[@]}" java -jar "$jar" backup
  local out="$work/backup-$round-$destination-$encryption.out"
  local printed size
  printed="$(awk '/^Duration:/ { v = $2; sub(/ms$/, "", v); printf "%.2f", v / 1000 }' "$out")"
  size="$(awk '/^Size:/ { print $2 }' "$out")"
  results+=("$destination$t$encryption$t$round$t$(secs "$wall_ms")$t$printed$t$(mib "${size:-0}")$t$rss")
  last_name="$(awk '/^Backup:/ { print $2 }' "$out")" last_prefix="$prefix"
}

for round in 1 2; do
  for destination in directory s3 both; do
    for encryption in clear encrypted; do
      one_backup "$destination" "$encryption" "$round"
    done
  done
done

echo "   restore of the encrypted backup from the bucket alone..."
restore_db="${db}_restore"
extra_databases+=("$restore_db")
createdb "$restore_db"
migrate_db "$restore_db"
run_timed restore env DATABASE_URL="$(url "$restore_db")" BACKUP_DIR="$work/safety" "${s3_env[@]}" BACKUP_S3_PREFIX="$last_prefix" \
  BACKUP_ENCRYPTION_PUBLIC_KEY_FILE="$work/public.asc" BACKUP_ENCRYPTION_PRIVATE_KEY_FILE="$work/private.asc" \
  java -jar "$jar" restore "s3://academy-bench/${last_prefix}${last_name}" --yes
restored="$(psql -XAtq -d "$restore_db" -c 'SELECT count(*) FROM progress')"
restore_printed="$(sed -n 's/.* rows in \([0-9]*\) ms$/\1/p' "$work/restore.out" | awk '{ printf "%.2f", $1 / 1000 }')"

{
  echo "# Backups to object storage and encrypted (bench/offsite.sh, $(date -u +%Y-%m-%d))"
  echo
  echo "$(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $(psql -XAtq -d "$db" -c 'SHOW server_version'), S3Proxy on the same machine (filesystem backend); $actual progress rows."
  echo
  echo "| destination | encryption | round | wall s | in-process s | stored MiB | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${results[@]}" | md_rows
  echo
  echo "Restore of the encrypted backup from the bucket alone into a migrated, empty database: $(secs "$wall_ms") s wall, ${restore_printed:-?} s in-process, peak RSS ${rss} MiB; $restored progress rows restored."
  if [ "${#failures[@]}" -gt 0 ]; then
    echo
    echo "Failures:"
    printf -- '- %s\n' "${failures[@]}"
  fi
} | tee "$PWD/bench/results/offsite.md"
